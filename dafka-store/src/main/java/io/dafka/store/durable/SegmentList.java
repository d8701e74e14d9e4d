package io.dafka.store.durable;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The segments of a partition's log, oldest first, in an array that a structural change (a segment added, cut into
 * pieces or deleted) replaces and never mutates, so any thread may read a snapshot. Structural changes and closing
 * take the write lock; reads of segment files take the read lock, so a segment is never closed under a reader.
 */
final class SegmentList
{
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Segment[] segments;
    private boolean closed;

    SegmentList(final Segment[] segments)
    {
        this.segments = segments;
    }

    /** The segments, oldest first (a snapshot). */
    Segment[] all()
    {
        return segments;
    }

    /** Held while reading segment files. */
    Lock readLock()
    {
        return lock.readLock();
    }

    /** Held for a structural change made by the caller (see {@link #insertAfter}). */
    Lock writeLock()
    {
        return lock.writeLock();
    }

    /** Whether {@link #close} ran (read under the write lock). */
    boolean closed()
    {
        return closed;
    }

    /** Adds {@code next} as the newest segment (writer only). */
    void add(final Segment next)
    {
        lock.writeLock().lock();
        try
        {
            final Segment[] all = segments;
            final Segment[] grown = Arrays.copyOf(all, all.length + 1);
            grown[all.length] = next;
            segments = grown;
        }
        finally
        {
            lock.writeLock().unlock();
        }
    }

    /** Forgets the {@code count} newest segments (writer only; their files are the caller's to delete). */
    void dropNewest(final int count)
    {
        lock.writeLock().lock();
        try
        {
            final Segment[] all = segments;
            segments = Arrays.copyOf(all, all.length - count);
        }
        finally
        {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes the {@code count} oldest segments if the list is open and keeps at least one segment.
     *
     * @return the removed segments, none if nothing was removed (their files are the caller's to delete)
     */
    Segment[] removeOldest(final int count)
    {
        lock.writeLock().lock();
        try
        {
            final Segment[] all = segments;
            if (closed || count <= 0 || count >= all.length)
            {
                return new Segment[0];
            }
            segments = Arrays.copyOfRange(all, count, all.length);
            return Arrays.copyOfRange(all, 0, count);
        }
        finally
        {
            lock.writeLock().unlock();
        }
    }

    /** Inserts {@code copies} after the segment at {@code at}; the caller holds the write lock. */
    Segment[] insertAfter(final int at, final List<Segment> copies)
    {
        final Segment[] all = segments;
        final Segment[] rebuilt = new Segment[all.length + copies.size()];
        System.arraycopy(all, 0, rebuilt, 0, at + 1);
        for (int i = 0; i < copies.size(); i++)
        {
            rebuilt[at + 1 + i] = copies.get(i);
        }
        System.arraycopy(all, at + 1, rebuilt, at + 1 + copies.size(), all.length - at - 1);
        segments = rebuilt;
        return rebuilt;
    }

    /** Bytes of every segment. */
    long bytes()
    {
        long total = 0;
        for (final Segment segment : segments)
        {
            total += segment.size();
        }
        return total;
    }

    /** Closes every segment file; nothing is removed or cut afterwards. */
    void close() throws IOException
    {
        lock.writeLock().lock();
        try
        {
            closed = true;
            for (final Segment segment : segments)
            {
                segment.close();
            }
        }
        finally
        {
            lock.writeLock().unlock();
        }
    }

    /** The index of the segment of {@code all} holding {@code sequence}, or -1 if it is before the first one. */
    static int indexOf(final Segment[] all, final long sequence)
    {
        int low = 0;
        int high = all.length - 1;
        int found = -1;
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            if (all[middle].base() <= sequence)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return found;
    }
}
