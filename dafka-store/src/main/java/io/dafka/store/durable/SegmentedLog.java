package io.dafka.store.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32C;

import io.dafka.store.RecordStore;

/**
 * The log of one partition: a directory of segment files of consecutive sequences, the newest one (the active
 * segment) being appended to.
 *
 * <p>Threads: one writer appends and flushes; readers read what the last flush published; retention deletes the
 * oldest sealed segments. Appends are staged in a heap buffer and written to the active segment when it fills
 * up or at {@link #flush}, which forces them to the device (fsync policy {@code batch}) and only then publishes
 * them: {@link #head()} and reads never show a record that is not durable. Structural changes (new or deleted
 * segment) take the write lock; reads take the read lock, so a segment is never closed under a reader.
 */
final class SegmentedLog
{
    private static final int STAGING_INITIAL = 64 * 1024;
    private static final int STAGING_WRITE_AT = 1024 * 1024;

    private final PartitionMeta meta;
    private final String name;
    private final Path directory;
    private final LogContext context;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final CRC32C crc = new CRC32C();
    private final List<Segment> unsynced = new ArrayList<>();
    private final List<Segment> sealed = new ArrayList<>();
    private volatile Segment[] segments;
    private volatile long head;
    private Segment active;
    private long appended;
    private ByteBuffer staging;
    private boolean newFile;
    private boolean touched;
    private boolean closed;

    private SegmentedLog(final PartitionMeta meta, final Path directory, final LogContext context,
        final Segment[] segments)
    {
        this.meta = meta;
        this.name = directory.getFileName().toString();
        this.directory = directory;
        this.context = context;
        this.segments = segments;
        this.active = segments[segments.length - 1];
        this.head = active.last();
        this.appended = head;
    }

    /** A log recovered from {@code directory}: {@code segments} in order, the last one becoming active. */
    static SegmentedLog recovered(final PartitionMeta meta, final Path directory, final LogContext context,
        final Segment[] segments)
    {
        return new SegmentedLog(meta, directory, context, segments);
    }

    /**
     * Creates the directory and first segment of a new partition whose first record will be {@code base}; the
     * directory and meta file are fsynced at once, the segment file at the first flush.
     */
    static SegmentedLog create(final Path partitions, final PartitionMeta meta, final long base,
        final LogContext context) throws IOException
    {
        Path directory;
        for (int attempt = 0; ; attempt++)
        {
            directory = partitions.resolve(meta.directoryName(attempt));
            if (!Files.exists(directory))
            {
                break;
            }
        }
        Files.createDirectory(directory);
        Fsync.directory(partitions);
        meta.write(directory);
        final Segment first = Segment.create(directory, base);
        final SegmentedLog log = new SegmentedLog(meta, directory, context, new Segment[] {first});
        log.newFile = true;
        log.unsynced.add(first);
        return log;
    }

    String subject()
    {
        return meta.subject();
    }

    String partition()
    {
        return meta.partition();
    }

    /** The directory name, which is also the partition's key in the index. */
    String name()
    {
        return name;
    }

    /** The last durable (published) sequence; {@code first() - 1} or less if the log holds no record. */
    long head()
    {
        return head;
    }

    /** The first sequence held, or {@link RecordStore#NONE} if no record is published. */
    long first()
    {
        final long last = head;
        final Segment[] all = segments;
        return all.length == 0 || last < all[0].base() ? RecordStore.NONE : all[0].base();
    }

    /** The last appended sequence, durable or not (writer only). */
    long appended()
    {
        return appended;
    }

    /** Marks the log as appended to since the last flush; true if it was not yet (writer only). */
    boolean markTouched()
    {
        if (touched)
        {
            return false;
        }
        touched = true;
        return true;
    }

    /** Stages record {@code sequence}, which must follow the last appended one (writer only). */
    void append(final long sequence, final byte[] content) throws IOException
    {
        if (sequence != appended + 1)
        {
            throw new IllegalArgumentException("sequence " + sequence + " does not follow " + appended + " in " +
                meta.partition() + " of " + meta.subject());
        }
        final long now = context.wallClock().millis();
        final int frameSize = RecordFrame.size(content.length);
        if (shouldRoll(frameSize, now))
        {
            roll(sequence);
        }
        reserve(frameSize);
        final long position = active.end() + staging.position();
        RecordFrame.encode(staging, sequence, now, content, crc);
        active.onAppend(sequence, position, now);
        appended = sequence;
        if (staging.position() >= STAGING_WRITE_AT)
        {
            writeStaged();
        }
    }

    /**
     * Writes what is staged, forces it to the device if the policy says so, then publishes it and records the head
     * (and newly sealed segments) in the index (writer only).
     *
     * @return whether anything new was published
     */
    boolean flush(final boolean force) throws IOException
    {
        touched = false;
        writeStaged();
        if (unsynced.isEmpty())
        {
            return false;
        }
        if (force || context.fsync())
        {
            for (final Segment segment : unsynced)
            {
                segment.force();
            }
            if (newFile)
            {
                Fsync.directory(directory);
            }
        }
        for (final Segment segment : unsynced)
        {
            segment.publish();
        }
        for (final Segment segment : sealed)
        {
            context.index().putSegment(name, segment.base(), segment.info());
        }
        unsynced.clear();
        sealed.clear();
        newFile = false;
        if (staging != null && staging.capacity() > STAGING_INITIAL)
        {
            staging = null; // an idle partition keeps no big buffer
        }
        final boolean published = appended != head;
        head = appended;
        context.index().putHead(name, appended);
        return published;
    }

    /**
     * Visits published records from {@code from} on, at most {@code maxCount}, in order, across segments. Stops
     * at a corrupt frame (reported to the context's listener once per segment).
     */
    int read(final long from, final int maxCount, final RecordStore.RecordVisitor visitor)
    {
        final long last = head;
        if (from > last || maxCount <= 0)
        {
            return 0;
        }
        lock.readLock().lock();
        try
        {
            final Segment[] all = segments;
            int at = segmentOf(all, from);
            if (at < 0)
            {
                return 0;
            }
            int count = 0;
            long next = from;
            while (count < maxCount && at < all.length && next <= last)
            {
                final Segment segment = all[at];
                final int read = segment.read(next, maxCount - count, last, visitor);
                count += read;
                next += read;
                if (segment.corruptAt() >= 0 && next <= segment.last())
                {
                    if (segment.claimCorruptionReport())
                    {
                        context.corruption().onCorruptRead(this, segment);
                    }
                    break;
                }
                if (next <= segment.last())
                {
                    break;
                }
                at++;
            }
            return count;
        }
        finally
        {
            lock.readLock().unlock();
        }
    }

    /** Bytes of every segment, active included. */
    long bytes()
    {
        long total = 0;
        for (final Segment segment : segments)
        {
            total += segment.size();
        }
        return total;
    }

    /** The segments, oldest first (a snapshot). */
    Segment[] segments()
    {
        return segments;
    }

    /**
     * Deletes the {@code count} oldest segments if they are still the oldest and not the active one.
     *
     * @return the deleted segments
     */
    List<Segment> deleteOldest(final int count) throws IOException
    {
        final Segment[] removed;
        lock.writeLock().lock();
        try
        {
            final Segment[] all = segments;
            if (closed || count <= 0 || count >= all.length)
            {
                return List.of();
            }
            removed = Arrays.copyOfRange(all, 0, count);
            segments = Arrays.copyOfRange(all, count, all.length);
        }
        finally
        {
            lock.writeLock().unlock();
        }
        for (final Segment segment : removed)
        {
            context.index().removeSegment(name, segment.base());
            segment.delete();
        }
        return List.of(removed);
    }

    /** Forces every segment and the directory to the device, whatever the fsync policy (writer only). */
    void forceAll() throws IOException
    {
        for (final Segment segment : segments)
        {
            segment.force();
        }
        Fsync.directory(directory);
    }

    /** Closes every segment file; call {@link #flush} first (writer only). */
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

    private boolean shouldRoll(final int frameSize, final long now)
    {
        if (active.isEmpty())
        {
            return false;
        }
        final long pending = staging == null ? 0 : staging.position();
        return active.end() + pending + frameSize > context.segmentBytes() ||
            now - active.firstTimestamp() >= context.segmentMillis();
    }

    /** Seals the active segment and starts a new one at {@code base}. */
    private void roll(final long base) throws IOException
    {
        writeStaged();
        sealed.add(active);
        final Segment next = Segment.create(directory, base);
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
        active = next;
        unsynced.add(next);
        newFile = true;
    }

    private void reserve(final int frameSize)
    {
        if (staging == null)
        {
            staging = ByteBuffer.allocate(Math.max(STAGING_INITIAL, frameSize));
        }
        if (staging.remaining() >= frameSize)
        {
            return;
        }
        final ByteBuffer grown = ByteBuffer.allocate(Math.max(staging.capacity() * 2, staging.position() + frameSize));
        staging.flip();
        grown.put(staging);
        staging = grown;
    }

    private void writeStaged() throws IOException
    {
        if (staging == null || staging.position() == 0)
        {
            return;
        }
        staging.flip();
        active.write(staging);
        staging.clear();
        if (!unsynced.contains(active))
        {
            unsynced.add(active);
        }
    }

    /** The index of the segment holding {@code sequence}, or -1 if it is before the first one. */
    private static int segmentOf(final Segment[] all, final long sequence)
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

    /** Wraps an I/O failure of this log. */
    UncheckedIOException failure(final String action, final IOException cause)
    {
        return new UncheckedIOException(action + " partition " + meta.partition() + " of '" + meta.subject() +
            "' in " + directory, cause);
    }
}
