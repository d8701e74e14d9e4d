package io.dafka.store.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
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
    private static final long[] NO_GAPS = new long[0];

    private final PartitionMeta meta;
    private final String name;
    private final Path directory;
    private final LogContext context;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final CRC32C crc = new CRC32C();
    private final List<Segment> unsynced = new ArrayList<>();
    private final List<Segment> sealed = new ArrayList<>();
    /** Segments rolled since the last flush: a rollback deletes them. */
    private final List<Segment> created = new ArrayList<>();
    /** Sealed segments appended to by {@link #fill} since the last flush: their index entries change. */
    private final List<Segment> filled = new ArrayList<>();
    /** When each gap was first seen, by the first sequence after it (stable while the gap is being filled). */
    private final Map<Long, Long> gapSince = new ConcurrentHashMap<>();
    /** Pairs {from, to} (inclusive) of the records below the head that the log lacks, oldest first. */
    private volatile long[] gaps = NO_GAPS;
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
            first = Segment.create(directory, base);
        }
        catch (final IOException e)
        {
            deleteQuietly(directory);
            throw e;
        }
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
                context.faults().check(DiskFaults.Operation.FORCE, segment.path());
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
        unsynced.clear();
        sealed.clear();
        created.clear();
        if (!filled.isEmpty())
        {
            filled.clear();
            refreshGaps();
        }
        newFile = false;
        if (staging != null && staging.capacity() > STAGING_INITIAL)
        {
            staging = null; // an idle partition keeps no big buffer
        }
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
        staging = null;
        if (!created.isEmpty())
        {
            lock.writeLock().lock();
            try
            {
                final Segment[] all = segments;
                segments = Arrays.copyOf(all, all.length - created.size()); // rolled segments are always the newest
            }
            finally
            {
                lock.writeLock().unlock();
            }
        }
        final Segment[] all = segments;
        active = all[all.length - 1];
        appended = head;
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

    /** The records below the head this log lacks, as pairs {from, to} (inclusive), oldest first; any thread. */
    long[] gaps()
    {
        return gaps;
    }

    /**
     * Writes record {@code sequence} into a gap if it is the next record the gap lacks (writer only); it is durable
     * and served after the next {@link #flush}.
     *
     * @return false if {@code sequence} is not the next missing record of a gap
     */
    boolean fill(final long sequence, final byte[] content) throws IOException
    {
        final Segment[] all = segments;
        final int at = segmentOf(all, sequence);
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
        if (!unsynced.contains(before))
        {
            unsynced.add(before);
            filled.add(before);
        }
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
        final long[] missing = gaps;
        for (int i = 0; i < missing.length; i += 2)
        {
            if (from >= missing[i] && from <= missing[i + 1])
            {
                final Long since = gapSince.get(missing[i + 1] + 1);
                return since != null && now - since >= giveUpMillis ? missing[i + 1] + 1 : from;
            }
        }
        return from;
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
        lock.writeLock().lock();
        try
        {
            final Segment[] all = segments;
            final int at = Arrays.asList(all).indexOf(damaged);
            if (closed || at < 0)
            {
                return -1;
            }
            final long lastBefore = damaged.last();
            final SegmentScan scan = damaged.scan(damaged.readableEnd());
            final List<Segment> copies = SegmentSalvage.copyRuns(damaged, scan, directory, context.faults());
            damaged.cutAfterFirstRun(scan);
            final Segment[] rebuilt = new Segment[all.length + copies.size()];
            System.arraycopy(all, 0, rebuilt, 0, at + 1);
            for (int i = 0; i < copies.size(); i++)
            {
                rebuilt[at + 1 + i] = copies.get(i);
            }
            System.arraycopy(all, at + 1, rebuilt, at + 1 + copies.size(), all.length - at - 1);
            segments = rebuilt;
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
            lock.writeLock().unlock();
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
        context.faults().check(DiskFaults.Operation.CREATE, directory.resolve(Segment.fileName(base)));
        final Segment next = Segment.create(directory, base);
        sealed.add(active);
        created.add(next);
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
        context.faults().check(DiskFaults.Operation.WRITE, active.path());
        active.write(staging);
        staging.clear();
        if (!unsynced.contains(active))
        {
            unsynced.add(active);
        }
    }

    /** Recomputes the gaps between segments and notes when each new one appeared. */
    private void refreshGaps()
    {
        final Segment[] all = segments;
        long[] found = NO_GAPS;
        int count = 0;
        for (int i = 0; i + 1 < all.length; i++)
        {
            final long from = all[i].last() + 1;
            final long to = all[i + 1].base() - 1;
            if (from <= to)
            {
                if (found.length == count)
                {
                    found = Arrays.copyOf(found, Math.max(4, count * 2));
                }
                found[count++] = from;
                found[count++] = to;
            }
        }
        final long[] now = Arrays.copyOf(found, count);
        final long seenAt = context.wallClock().millis();
        final Set<Long> ends = new HashSet<>();
        for (int i = 1; i < now.length; i += 2)
        {
            ends.add(now[i] + 1);
            gapSince.putIfAbsent(now[i] + 1, seenAt);
        }
        gapSince.keySet().retainAll(ends);
        gaps = now;
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
}
