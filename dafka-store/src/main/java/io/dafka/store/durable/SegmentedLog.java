package io.dafka.store.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.dafka.store.RecordStore;

/**
 * The log of one partition: a directory of segment files of consecutive sequences, the newest one (the active
 * segment) being appended to.
 *
 * <p>Threads: one writer appends and flushes; readers read what the last flush published; retention deletes the
 * oldest sealed segments. Appends are staged in a heap buffer ({@link StagingBuffer}) and written to the active
 * segment when it fills up or at {@link #flush}, which forces them to the device (fsync policy {@code batch}) and
 * only then publishes them: {@link #head()} and reads never show a record that is not durable. Structural changes
 * (new, cut or deleted segment) take the write lock of the {@link SegmentList}; reads take its read lock, so a
 * segment is never closed under a reader. The records below the head the log lacks are its {@link LogGaps}.
 */
final class SegmentedLog
{
    private final PartitionMeta meta;
    private final String name;
    private final Path directory;
    private final LogContext context;
    private final CRC32C crc = new CRC32C();
    private final UnflushedSegments unflushed = new UnflushedSegments();
    private final LogGaps gaps = new LogGaps();
    private final StagingBuffer staging = new StagingBuffer();
    private final SegmentList segments;
    private volatile long head;
    private Segment active;
    private long appended;
    private boolean touched;

    private SegmentedLog(final PartitionMeta meta, final Path directory, final LogContext context,
        final Segment[] segments)
    {
        this.meta = meta;
        this.name = directory.getFileName().toString();
        this.directory = directory;
        this.context = context;
        this.segments = new SegmentList(segments);
        this.active = segments[segments.length - 1];
        this.head = active.last();
        this.appended = head;
        refreshGaps();
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
        context.faults().check(DiskFaults.Operation.CREATE, directory);
        Files.createDirectory(directory);
        final Segment first;
        try
        {
            Fsync.directory(partitions);
            meta.write(directory);
            first = Segment.create(directory, base, context.files());
        }
        catch (final IOException e)
        {
            deleteQuietly(directory);
            throw e;
        }
        final SegmentedLog log = new SegmentedLog(meta, directory, context, new Segment[] {first});
        log.unflushed.createdFirst(first);
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
        final Segment[] all = segments.all();
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
        final ByteBuffer buffer = staging.reserve(frameSize);
        final long position = active.end() + buffer.position();
        RecordFrame.encode(buffer, sequence, now, content, crc);
        active.onAppend(sequence, position, now);
        appended = sequence;
        if (staging.full())
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
        if (unflushed.isEmpty())
        {
            return false;
        }
        if (force || context.fsync())
        {
            unflushed.force(context.faults(), directory);
        }
        final List<Segment> nowSealed = unflushed.publish();
        if (unflushed.flushed())
        {
            refreshGaps();
        }
        staging.shrink(); // an idle partition keeps no big buffer
        final boolean published = appended != head;
        head = appended;
        IndexUpdates.run(name, () ->
        {
            for (final Segment segment : nowSealed)
            {
                context.index().putSegment(name, segment.base(), segment.info());
            }
            context.index().putHead(name, appended);
        });
        return published;
    }

    /**
     * Forgets every append since the last successful {@link #flush}, after an append or flush failed: segments
     * rolled since are deleted and the others cut back to what was published, so the log holds exactly what was
     * durable and appends resume after {@link #head()} (writer only).
     *
     * @throws IOException if a file could not be cut or deleted (the in-memory state is reset all the same, so later
     *                     frames are written over the forgotten ones)
     */
    void rollback() throws IOException
    {
        touched = false;
        staging.discard();
        if (unflushed.createdCount() > 0)
        {
            segments.dropNewest(unflushed.createdCount()); // rolled segments are always the newest
        }
        final Segment[] all = segments.all();
        active = all[all.length - 1];
        appended = head;
        unflushed.rollback(active);
    }

    /** The records below the head this log lacks, as pairs {from, to} (inclusive), oldest first; any thread. */
    long[] gaps()
    {
        return gaps.all();
    }

    /**
     * Writes record {@code sequence} into a gap if it is the next record the gap lacks (writer only); it is durable
     * and served after the next {@link #flush}.
     *
     * @return false if {@code sequence} is not the next missing record of a gap
     */
    boolean fill(final long sequence, final byte[] content) throws IOException
    {
        final Segment[] all = segments.all();
        final int at = SegmentList.indexOf(all, sequence);
        if (at < 0 || at == all.length - 1 || sequence >= all[at + 1].base())
        {
            return false;
        }
        final Segment before = all[at];
        if (before.appendedLast() + 1 != sequence || !before.prepareForAppend())
        {
            return false;
        }
        final long now = context.wallClock().millis();
        final ByteBuffer frame = ByteBuffer.allocate(RecordFrame.size(content.length));
        RecordFrame.encode(frame, sequence, now, content, crc);
        frame.flip();
        final long position = before.end();
        context.faults().check(DiskFaults.Operation.WRITE, before.path());
        unflushed.filling(before);
        before.write(frame);
        before.onAppend(sequence, position, now);
        return true;
    }

    /**
     * Where an answer to a FETCH from {@code from} may go on: the first record held if {@code from} is before it, the
     * record after a gap that has lasted {@code giveUpMillis} (no peer sent its records: consumers then skip it by the
     * rule for records deleted by retention), otherwise {@code from}; any thread.
     */
    long resumeAt(final long from, final long now, final long giveUpMillis)
    {
        final long held = first();
        if (held != RecordStore.NONE && from < held)
        {
            return held;
        }
        return gaps.resumeAt(from, now, giveUpMillis);
    }

    /**
     * Cuts the damaged frames out of {@code damaged}, found by a read or the scrub (writer only, between batches): the
     * segment keeps its records before the damage, the intact records after it move to segments of their own (see
     * {@link SegmentSalvage}), and what lies between becomes a gap to fetch from peers. No intact segment is deleted.
     * If the damage ends the newest segment, the head moves back before it.
     *
     * @return the records this copy no longer holds, or -1 if the segment is no longer part of the log
     */
    long cut(final Segment damaged) throws IOException
    {
        segments.writeLock().lock();
        try
        {
            final Segment[] all = segments.all();
            final int at = Arrays.asList(all).indexOf(damaged);
            if (segments.closed() || at < 0)
            {
                return -1;
            }
            final long lastBefore = damaged.last();
            final SegmentScan scan = damaged.scan(damaged.readableEnd());
            final List<Segment> copies = SegmentSalvage.copyRuns(damaged, scan, directory, context);
            damaged.cutAfterFirstRun(scan);
            final Segment[] rebuilt = segments.insertAfter(at, copies);
            final boolean newest = at == all.length - 1;
            if (newest)
            {
                active = rebuilt[rebuilt.length - 1];
                appended = active.last();
                head = appended;
            }
            final List<Segment> sealedNow = new ArrayList<>(copies);
            sealedNow.add(0, damaged);
            if (newest)
            {
                sealedNow.remove(active);
            }
            IndexUpdates.run(name, () ->
            {
                context.index().removeSegment(name, damaged.base());
                for (final Segment segment : sealedNow)
                {
                    context.index().putSegment(name, segment.base(), segment.info());
                }
                context.index().putHead(name, head);
            });
            refreshGaps();
            return lastBefore - damaged.last() - scan.salvageable();
        }
        finally
        {
            segments.writeLock().unlock();
        }
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
        segments.readLock().lock();
        try
        {
            final Segment[] all = segments.all();
            int at = SegmentList.indexOf(all, from);
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
                if (segment.damage().at() >= 0 && next <= segment.last())
                {
                    if (segment.damage().claimReport())
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
            segments.readLock().unlock();
        }
    }

    /** Bytes of every segment, active included. */
    long bytes()
    {
        return segments.bytes();
    }

    /** The segments, oldest first (a snapshot). */
    Segment[] segments()
    {
        return segments.all();
    }

    /**
     * Deletes the {@code count} oldest segments if they are still the oldest and not the active one.
     *
     * @return the deleted segments
     */
    List<Segment> deleteOldest(final int count) throws IOException
    {
        final Segment[] removed = segments.removeOldest(count);
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
        for (final Segment segment : segments.all())
        {
            segment.force();
        }
        Fsync.directory(directory);
    }

    /** Closes every segment file; call {@link #flush} first (writer only). */
    void close() throws IOException
    {
        segments.close();
    }

    private boolean shouldRoll(final int frameSize, final long now)
    {
        if (active.isEmpty())
        {
            return false;
        }
        final long pending = staging.pending();
        return active.end() + pending + frameSize > context.segmentBytes() ||
            now - active.firstTimestamp() >= context.segmentMillis();
    }

    /** Seals the active segment and starts a new one at {@code base}. */
    private void roll(final long base) throws IOException
    {
        writeStaged();
        context.faults().check(DiskFaults.Operation.CREATE, directory.resolve(SegmentFile.name(base)));
        final Segment next = Segment.create(directory, base, context.files());
        unflushed.rolled(active, next);
        segments.add(next);
        active = next;
    }

    private void writeStaged() throws IOException
    {
        if (staging.writeTo(active, context.faults()))
        {
            unflushed.written(active);
        }
    }

    /** Recomputes the gaps between segments and notes when each new one appeared. */
    private void refreshGaps()
    {
        gaps.refresh(segments.all(), context.wallClock());
    }

    private static void deleteQuietly(final Path directory)
    {
        try (Stream<Path> all = Files.walk(directory))
        {
            for (final Path path : all.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException | UncheckedIOException e)
        {
            // best effort: recovery drops a partition directory that was never completely created
        }
    }
}
