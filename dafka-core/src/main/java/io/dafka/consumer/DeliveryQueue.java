package io.dafka.consumer;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the consumer engine and the application: the engine appends the records it delivered
 * in bulk, the application drains them in bulk, and a record is either drained or taken back by the engine, never
 * both. One lock guards it, taken once per bulk move rather than once per record; a thread that finds it empty
 * waits on a condition, and the engine signals only when some thread waits. Any number of application threads may
 * drain it; only the engine appends and takes back.
 */
final class DeliveryQueue
{
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private final ConsumedRecord[] ring;
    /** Index of the oldest record. */
    private int head;
    private int size;
    /** Application threads waiting for records. */
    private int waiting;
    /** Set by {@link #wakeUp()}: the next drain that would wait returns at once instead. */
    private boolean wakeUp;

    DeliveryQueue(final int capacity)
    {
        this.ring = new ConsumedRecord[capacity];
    }

    /** Engine: moves from the front of {@code from} as many records as fit; returns how many moved. */
    int appendFrom(final ArrayDeque<ConsumedRecord> from)
    {
        if (from.isEmpty())
        {
            return 0;
        }
        lock.lock();
        try
        {
            final int moved = Math.min(from.size(), ring.length - size);
            for (int i = 0; i < moved; i++)
            {
                ring[index(size++)] = from.poll();
            }
            if (moved > 0 && waiting > 0)
            {
                filled.signalAll();
            }
            return moved;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Application: moves up to {@code max} records into {@code into}, oldest first, waiting up to
     * {@code timeoutNanos} for the first one; none at all once {@link #wakeUp()} was called since the last drain.
     *
     * @return how many records were added
     */
    int drainTo(final Collection<? super ConsumedRecord> into, final int max, final long timeoutNanos)
        throws InterruptedException
    {
        lock.lockInterruptibly();
        try
        {
            if (!awaitRecords(timeoutNanos))
            {
                return 0;
            }
            final int taken = Math.min(max, size);
            for (int i = 0; i < taken; i++)
            {
                into.add(ring[head]);
                ring[head] = null;
                head = index(1);
            }
            size -= taken;
            return taken;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Application: the oldest record, waiting up to {@code timeoutNanos} as {@link #drainTo} does; null if none. */
    ConsumedRecord poll(final long timeoutNanos) throws InterruptedException
    {
        lock.lockInterruptibly();
        try
        {
            if (!awaitRecords(timeoutNanos))
            {
                return null;
            }
            final ConsumedRecord record = ring[head];
            ring[head] = null;
            head = index(1);
            size--;
            return record;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Any thread: makes a drain that waits, or else the next one, return at once with nothing, as {@link
     * ConsumerNode#poll(java.time.Duration)} promises after a wake-up; the records stay for the drain after.
     */
    void wakeUp()
    {
        lock.lock();
        try
        {
            wakeUp = true;
            if (waiting > 0)
            {
                filled.signalAll();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Engine: removes the records of a partition, keeping the order of the others.
     *
     * @return the lowest sequence removed, or -1 if there was none
     */
    long removePartition(final String topic, final String partition)
    {
        lock.lock();
        try
        {
            long lowest = -1;
            int kept = 0;
            for (int i = 0; i < size; i++)
            {
                final ConsumedRecord record = ring[index(i)];
                if (record.partition().equals(partition) && record.topic().equals(topic))
                {
                    lowest = lowest < 0 ? record.sequence() : Math.min(lowest, record.sequence());
                }
                else
                {
                    ring[index(kept++)] = record;
                }
            }
            for (int i = kept; i < size; i++)
            {
                ring[index(i)] = null;
            }
            size = kept;
            return lowest;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Engine: the lowest sequence of a partition's records in the queue, or -1 if it has none. */
    long lowest(final String topic, final String partition)
    {
        lock.lock();
        try
        {
            long lowest = -1;
            for (int i = 0; i < size; i++)
            {
                final ConsumedRecord record = ring[index(i)];
                if (record.partition().equals(partition) && record.topic().equals(topic) &&
                    (lowest < 0 || record.sequence() < lowest))
                {
                    lowest = record.sequence();
                }
            }
            return lowest;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Waits (holding the lock) until records are there, the time runs out or a wake-up comes; clears the wake-up.
     *
     * @return whether records are there to take: false after a wake-up, even if some are
     */
    private boolean awaitRecords(final long timeoutNanos) throws InterruptedException
    {
        long left = timeoutNanos;
        while (size == 0 && !wakeUp && left > 0)
        {
            waiting++;
            try
            {
                left = filled.awaitNanos(left);
            }
            finally
            {
                waiting--;
            }
        }
        if (wakeUp)
        {
            wakeUp = false;
            return false; // a wake-up wins over records: they stay for the next drain
        }
        return size > 0;
    }

    private int index(final int offset)
    {
        final int at = head + offset;
        return at < ring.length ? at : at - ring.length;
    }

    /** How many records wait. */
    int size()
    {
        lock.lock();
        try
        {
            return size;
        }
        finally
        {
            lock.unlock();
        }
    }
}
