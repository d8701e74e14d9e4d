package io.dafka.kafka.consumer.internals;

import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

import io.dafka.DafkaException;

/**
 * Kafka's light lock of a consumer: a second thread using it at the same time fails, and so does a closed
 * consumer; re-entrant for the owning thread. Also holds the wakeup request, the one thing another thread may do.
 */
public final class LightLock
{
    private static final long NO_CURRENT_THREAD = -1L;

    private final AtomicLong currentThread = new AtomicLong(NO_CURRENT_THREAD);
    private final AtomicBoolean wakeupRequested = new AtomicBoolean();
    private int refCount;
    private volatile boolean closed;

    /** Takes the lock; fails if another thread holds it or, when {@code ensureOpen}, if closed. */
    public void acquire(final boolean ensureOpen)
    {
        final long threadId = Thread.currentThread().getId();
        if (threadId != currentThread.get() && !currentThread.compareAndSet(NO_CURRENT_THREAD, threadId))
        {
            throw new ConcurrentModificationException("KafkaConsumer is not safe for multi-threaded access. " +
                "currentThread(name: " + Thread.currentThread().getName() + ", id: " + threadId + ")" +
                " otherThread(id: " + currentThread.get() + ")");
        }
        if (ensureOpen && closed && refCount == 0)
        {
            currentThread.set(NO_CURRENT_THREAD);
            throw new IllegalStateException("This consumer has already been closed.");
        }
        refCount++;
    }

    public void release()
    {
        if (--refCount == 0)
        {
            currentThread.set(NO_CURRENT_THREAD);
        }
    }

    /**
     * Runs {@code action} holding the lock (the consumer must be open). A failure of the Dafka engine reaches the
     * application as Kafka's exception: {@link InterruptException} if it was interrupted, else {@link KafkaException}.
     */
    public <T> T call(final Supplier<T> action)
    {
        acquire(true);
        try
        {
            return action.get();
        }
        catch (final DafkaException e)
        {
            if (e.getCause() instanceof InterruptedException interrupted)
            {
                throw new InterruptException(interrupted);
            }
            throw new KafkaException(e.getMessage(), e);
        }
        finally
        {
            release();
        }
    }

    /** Runs {@code action} holding the lock (the consumer must be open). */
    public void run(final Runnable action)
    {
        call(() ->
        {
            action.run();
            return null;
        });
    }

    /**
     * Closes once, holding the lock: runs {@code leave}, then marks the consumer closed and runs {@code stop}
     * even if {@code leave} failed. A closed consumer is not closed again.
     */
    public void close(final Runnable leave, final Runnable stop)
    {
        acquire(false);
        try
        {
            if (closed)
            {
                return;
            }
            try
            {
                leave.run();
            }
            finally
            {
                closed = true;
                stop.run();
            }
        }
        finally
        {
            release();
        }
    }

    /** Any thread: the next (or current) blocking call throws {@link WakeupException}. */
    public void requestWakeup()
    {
        wakeupRequested.set(true);
    }

    /** Throws a pending wakeup (once) or an interrupt as Kafka's exceptions. */
    public void throwIfWokenUp()
    {
        if (wakeupRequested.getAndSet(false))
        {
            throw new WakeupException();
        }
        if (Thread.interrupted())
        {
            throw new InterruptException(new InterruptedException());
        }
    }
}
