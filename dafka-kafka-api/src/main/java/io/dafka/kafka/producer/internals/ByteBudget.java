package io.dafka.kafka.producer.internals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bound on memory held ({@code buffer.memory}): records reserve what they hold ({@link #heldBy}) before they are
 * sent and release it when a store acknowledges them or the producer gives them up. Thread-safe; waiters are
 * served in arrival order.
 */
public final class ByteBudget
{
    /**
     * Heap an unacknowledged record holds besides its bytes (measured: its pending send, future, callback state and
     * the engine's entry, ~500 B). Counting it keeps small records from piling up by the hundred thousand in
     * {@code buffer.memory}, where every young collection would copy them.
     */
    public static final int RECORD_OVERHEAD = 512;

    private final long total;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition released = lock.newCondition();
    private long available;
    private long records;

    public ByteBudget(final long total)
    {
        this.total = total;
        this.available = total;
    }

    /** What a record of {@code bodyBytes} holds until acknowledged; never more than the whole budget. */
    public int heldBy(final int bodyBytes)
    {
        return (int)Math.min(total, (long)bodyBytes + RECORD_OVERHEAD);
    }

    /**
     * Takes {@code bytes}, waiting up to {@code maxWaitNanos} for them.
     *
     * @return false if they were not available in time
     */
    public boolean reserve(final long bytes, final long maxWaitNanos) throws InterruptedException
    {
        long remaining = maxWaitNanos;
        lock.lockInterruptibly();
        try
        {
            while (available < bytes)
            {
                if (remaining <= 0)
                {
                    return false;
                }
                remaining = released.awaitNanos(remaining);
            }
            available -= bytes;
            records++;
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    void release(final long bytes)
    {
        lock.lock();
        try
        {
            available += bytes;
            records--;
            released.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    public long total()
    {
        return total;
    }

    public long available()
    {
        lock.lock();
        try
        {
            return available;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Records holding bytes (sent, not yet acknowledged or given up). */
    long records()
    {
        lock.lock();
        try
        {
            return records;
        }
        finally
        {
            lock.unlock();
        }
    }

    public static long nanos(final long millis)
    {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
