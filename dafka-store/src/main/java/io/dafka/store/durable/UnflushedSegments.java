package io.dafka.store.durable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a log wrote since its last flush: the segments written to, which the flush forces and publishes and a
 * rollback cuts back; the segments sealed by a roll or filled by a repair, whose index entries the flush updates;
 * the segments rolled, which a rollback deletes; and whether a new file needs its directory forced. Writer only.
 */
final class UnflushedSegments
{
    private final List<Segment> unsynced = new ArrayList<>();
    private final List<Segment> sealed = new ArrayList<>();
    /** Segments rolled since the last flush: a rollback deletes them. */
    private final List<Segment> created = new ArrayList<>();
    /** Sealed segments appended to by a fill since the last flush: their index entries change. */
    private final List<Segment> filled = new ArrayList<>();
    private boolean newFile;

    /** {@code first}, the first segment of a new partition, was created. */
    void createdFirst(final Segment first)
    {
        newFile = true;
        unsynced.add(first);
    }

    /** {@code previous} was sealed and {@code next} created to follow it. */
    void rolled(final Segment previous, final Segment next)
    {
        sealed.add(previous);
        created.add(next);
        unsynced.add(next);
        newFile = true;
    }

    /** Frames were written to {@code segment}. */
    void written(final Segment segment)
    {
        if (!unsynced.contains(segment))
        {
            unsynced.add(segment);
        }
    }

    /** A repair is about to write into {@code segment}, a sealed one. */
    void filling(final Segment segment)
    {
        if (!unsynced.contains(segment))
        {
            unsynced.add(segment);
            filled.add(segment);
        }
    }

    /** Whether nothing was written since the last flush. */
    boolean isEmpty()
    {
        return unsynced.isEmpty();
    }

    /** Rolled segments not yet flushed: the newest of the log. */
    int createdCount()
    {
        return created.size();
    }

    /** Forces every segment written to, and {@code directory} if a file was created in it. */
    void force(final DiskFaults faults, final Path directory) throws IOException
    {
        for (final Segment segment : unsynced)
        {
            faults.check(DiskFaults.Operation.FORCE, segment.path());
            segment.force();
        }
        if (newFile)
        {
            Fsync.directory(directory);
        }
    }

    /** Publishes every segment written to; returns those sealed or filled, whose index entries change. */
    List<Segment> publish()
    {
        for (final Segment segment : unsynced)
        {
            segment.publish();
        }
        final List<Segment> nowSealed;
        if (sealed.isEmpty() && filled.isEmpty())
        {
            nowSealed = List.of(); // the common case: no allocation per flush
        }
        else
        {
            nowSealed = new ArrayList<>(sealed);
            nowSealed.addAll(filled);
        }
        return nowSealed;
    }

    /**
     * Forgets everything, once flushed.
     *
     * @return whether a repair filled a segment (the log's gaps changed)
     */
    boolean flushed()
    {
        unsynced.clear();
        sealed.clear();
        created.clear();
        final boolean anyFilled = !filled.isEmpty();
        filled.clear();
        newFile = false;
        return anyFilled;
    }

    /**
     * Deletes the segments rolled since the last flush and cuts the others written to, and {@code active}, back to
     * what they published, then forgets them all.
     *
     * @throws IOException the last failure, after every segment was tried
     */
    void rollback(final Segment active) throws IOException
    {
        IOException failure = null;
        for (final Segment segment : created)
        {
            try
            {
                segment.delete();
            }
            catch (final IOException e)
            {
                failure = e;
            }
        }
        unsynced.removeAll(created);
        if (!unsynced.contains(active))
        {
            unsynced.add(active);
        }
        for (final Segment segment : unsynced)
        {
            try
            {
                segment.rollback();
            }
            catch (final IOException e)
            {
                failure = e;
            }
        }
        created.clear();
        unsynced.clear();
        sealed.clear();
        filled.clear();
        if (failure != null)
        {
            throw failure;
        }
    }
}
