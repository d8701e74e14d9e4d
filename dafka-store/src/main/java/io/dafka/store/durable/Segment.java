package io.dafka.store.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import io.dafka.store.RecordStore;

/**
 * One segment file of a partition's log: a header, then frames of consecutive sequences from {@link #base()} on
 * (see {@link RecordFrame}), named by its base sequence ({@code 00000000000000000042.log}).
 *
 * <p>The writer appends at the end and then {@link #publish publishes} what it wrote (after its fsync); readers see
 * published frames only. Sealed segments opened without a scan (the index vouched for them) are scanned the first
 * time they are read, to build their sparse index and verify their frames. A frame found corrupt while reading
 * ends what this segment serves.
 */
final class Segment
{
    static final String SUFFIX = ".log";
    private static final int READ_BUFFER = 64 * 1024;
    private static final int SCAN_BUFFER = 1024 * 1024;

    private final Path path;
    private final long base;
    private final SegmentFile file;
    private volatile SparseIndex index;
    private volatile long size;
    private long appended;
    private volatile long readable;
    private volatile long last;
    private volatile long maxTimestamp;
    private long firstTimestamp;
    private final SegmentDamage damage;

    private Segment(final Path path, final long base, final SegmentFile file)
    {
        this.path = path;
        this.base = base;
        this.file = file;
        this.last = base - 1;
        this.appended = base - 1;
        this.maxTimestamp = Long.MIN_VALUE;
        this.firstTimestamp = Long.MIN_VALUE;
        this.damage = new SegmentDamage(path.toString());
    }

    /** Creates an empty segment file of {@code base} in {@code directory} (not yet fsynced), through {@code files}. */
    static Segment create(final Path directory, final long base, final OpenFiles files) throws IOException
    {
        final Path path = directory.resolve(SegmentFile.name(base));
        final Segment segment = new Segment(path, base, SegmentFile.toCreate(path, files));
        final FileChannel channel = segment.file.pin();
        try
        {
            SegmentFile.writeFully(channel, RecordFrame.segmentHeader(base), 0);
        }
        catch (final IOException e)
        {
            segment.file.close();
            throw e;
        }
        finally
        {
            segment.file.unpinWritten();
        }
        segment.index = new SparseIndex(base);
        segment.size = RecordFrame.SEGMENT_HEADER;
        segment.readable = RecordFrame.SEGMENT_HEADER;
        return segment;
    }

    /**
     * An existing segment file, opened through {@code files} when used: nothing is readable before {@link #scan} or
     * {@link #trusted}.
     */
    static Segment open(final Path path, final long base, final OpenFiles files)
    {
        return new Segment(path, base, SegmentFile.existing(path, files));
    }

    /**
     * Checks every frame of the file and makes the segment readable up to the end of its first run of consecutive
     * valid frames; the file itself is not changed (see {@link #cutAfterFirstRun}). Valid frames after damage form
     * further runs, which a salvage copies into segments of their own. An invalid header is damage before the first
     * frame.
     */
    SegmentScan scan() throws IOException
    {
        return scan(-1);
    }

    /** As {@link #scan()}, over the first {@code limit} bytes of the file only (all of it if negative). */
    SegmentScan scan(final long limit) throws IOException
    {
        final SparseIndex built = new SparseIndex(base);
        final SegmentScan scan;
        final FileChannel channel = file.pin();
        try
        {
            final ByteBuffer header = ByteBuffer.allocate(RecordFrame.SEGMENT_HEADER);
            SegmentFile.readFully(channel, header, 0);
            header.flip();
            final boolean headerValid = RecordFrame.isSegmentHeader(header, base);
            scan = SegmentScan.of(channel, base, limit < 0 ? channel.size() : limit, built, SCAN_BUFFER,
                headerValid ? null : "invalid segment header");
        }
        finally
        {
            file.unpin();
        }
        final SegmentScan.Run first = scan.runs().get(0);
        index = built;
        size = first.end();
        readable = size;
        last = first.last();
        appended = first.last();
        maxTimestamp = first.maxTimestamp();
        firstTimestamp = first.firstTimestamp();
        return scan;
    }

    /**
     * Cuts the file after the first run of {@code scan} (rewriting an invalid header) and forces it; the segment
     * serves its first run again, with no damage recorded.
     */
    void cutAfterFirstRun(final SegmentScan scan) throws IOException
    {
        final FileChannel channel = file.pin();
        try
        {
            if (scan.headerInvalid())
            {
                channel.truncate(0);
                SegmentFile.writeFully(channel, RecordFrame.segmentHeader(base), 0);
            }
            else
            {
                channel.truncate(scan.runs().get(0).end());
            }
            channel.force(true);
        }
        finally
        {
            file.unpin();
        }
        damage.clear();
    }

    /** Copies the frames of {@code run} (bytes of this file) to the end of {@code target}'s file. */
    void copyRun(final SegmentScan.Run run, final FileChannel target) throws IOException
    {
        final FileChannel channel = file.pin();
        try
        {
            long at = run.start();
            while (at < run.end())
            {
                final long copied = channel.transferTo(at, run.end() - at, target);
                if (copied <= 0)
                {
                    throw new IOException("cannot copy frames " + at + ".." + run.end() + " of " + path);
                }
                at += copied;
            }
        }
        finally
        {
            file.unpin();
        }
    }

    /**
     * Makes a sealed segment readable without scanning it, as the index recorded it after its fsync: its frames are
     * verified on first read.
     */
    void trusted(final SegmentInfo info)
    {
        size = info.bytes();
        readable = info.bytes();
        last = info.last();
        appended = info.last();
        maxTimestamp = info.maxTimestamp();
    }

    /** Bytes of the file that hold valid frames (or are being written). */
    long size()
    {
        return size;
    }

    long base()
    {
        return base;
    }

    /** Last published sequence, {@code base - 1} if none. */
    long last()
    {
        return last;
    }

    /** Newest timestamp of the segment's records, {@link Long#MIN_VALUE} if none. */
    long maxTimestamp()
    {
        return maxTimestamp;
    }

    /** Timestamp of the first record, {@link Long#MIN_VALUE} if none (writer and recovery only). */
    long firstTimestamp()
    {
        return firstTimestamp;
    }

    Path path()
    {
        return path;
    }

    /** The position where the next frame goes, i.e. the size once everything staged is written. */
    long end()
    {
        return size;
    }

    /** Notes a frame the writer staged for this segment: its sequence, position and timestamp (writer only). */
    void onAppend(final long sequence, final long position, final long timestamp)
    {
        index.onRecord(sequence, position);
        appended = sequence;
        if (firstTimestamp == Long.MIN_VALUE)
        {
            firstTimestamp = timestamp;
        }
        if (timestamp > maxTimestamp)
        {
            maxTimestamp = timestamp;
        }
    }

    /** Writes staged frames at the end of the file (writer only). */
    void write(final ByteBuffer frames) throws IOException
    {
        final int bytes = frames.remaining();
        final FileChannel channel = file.pin();
        try
        {
            SegmentFile.writeFully(channel, frames, size);
        }
        finally
        {
            file.unpinWritten();
        }
        size += bytes;
    }

    /**
     * Forces written frames to the device (if the file was closed to make room meanwhile, it was forced then, and
     * this only reports a failure of that fsync).
     */
    void force() throws IOException
    {
        file.force();
    }

    /** The end of the published frames: readers read up to here. */
    long readableEnd()
    {
        return readable;
    }

    /** The last sequence written, published or not (writer only). */
    long appendedLast()
    {
        return appended;
    }

    /**
     * Makes sure the sparse index exists (a trusted segment builds it by a verifying scan), so the writer can append
     * to it; false if that scan found the segment damaged.
     */
    boolean prepareForAppend() throws IOException
    {
        indexed();
        return damage.at() < 0;
    }

    /** Makes every written frame visible to readers (writer only, after the fsync if any). */
    void publish()
    {
        readable = size;
        last = appended;
    }

    /**
     * Forgets every frame written or staged since the last {@link #publish}, cutting the file back to the published
     * end (writer only). The in-memory state is reset first, so even if the cut fails the next frame is written
     * over the forgotten ones.
     */
    void rollback() throws IOException
    {
        size = readable;
        appended = last;
        final SparseIndex sparse = index;
        if (sparse != null)
        {
            sparse.truncateAfter(last);
        }
        final FileChannel channel = file.pin();
        try
        {
            channel.truncate(readable);
        }
        finally
        {
            file.unpinWritten();
        }
    }

    /** Whether the segment holds no record, published or not (writer only). */
    boolean isEmpty()
    {
        return appended < base;
    }

    /** What the index records once the segment is sealed. */
    SegmentInfo info()
    {
        return new SegmentInfo(last, readable, maxTimestamp);
    }

    /**
     * Visits published records from {@code from} on, at most {@code maxCount}, none after {@code lastAllowed}.
     * Stops at a corrupt frame (see {@link #damage()}).
     */
    int read(final long from, final int maxCount, final long lastAllowed, final RecordStore.RecordVisitor visitor)
    {
        try
        {
            final SparseIndex sparse = indexed();
            final long lastSequence = Math.min(lastAllowed, last);
            final long corruptAt = damage.at();
            final long limit = corruptAt >= 0 ? Math.min(corruptAt, readable) : readable;
            if (from > lastSequence || from < base)
            {
                return 0;
            }
            final FileChannel channel = file.pin();
            try
            {
                return read(channel, sparse.floor(from), from, maxCount, lastSequence, limit, visitor);
            }
            finally
            {
                file.unpin();
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Visits the frames from {@code floor}, a position at or before record {@code from}, up to {@code limit}. */
    private int read(final FileChannel channel, final long floor, final long from, final int maxCount,
        final long lastSequence, final long limit, final RecordStore.RecordVisitor visitor)
        throws IOException
    {
        final FrameCursor cursor = new FrameCursor(channel, limit, READ_BUFFER);
        long position = floor;
        long expected = -1;
        int count = 0;
        while (count < maxCount)
        {
            final FrameCursor.Status status = cursor.next(position);
            if (status == FrameCursor.Status.END)
            {
                break;
            }
            if (status != FrameCursor.Status.FRAME || expected >= 0 && cursor.sequence() != expected ||
                cursor.sequence() < base)
            {
                damage.mark(position, SegmentScan.damageAt(status, cursor, expected, position));
                break;
            }
            final long sequence = cursor.sequence();
            if (sequence > lastSequence)
            {
                break;
            }
            if (sequence >= from)
            {
                visitor.onRecord(sequence, cursor.payload());
                count++;
            }
            expected = sequence + 1;
            position += cursor.frameSize();
        }
        return count;
    }

    /**
     * Verifies every published frame, as the scrub does, calling {@code throttle} with the bytes read every
     * {@value #READ_BUFFER} bytes; marks the segment corrupt at the first damaged frame (see
     * {@link SegmentScan#verify}).
     *
     * @return whether the segment is intact
     */
    boolean verify(final java.util.function.LongConsumer throttle) throws IOException
    {
        final long lastPublished = last; // before the end: publish() moves the end first, so this pair is consistent
        final long limit = readable;
        final FileChannel channel = file.pin();
        try
        {
            return SegmentScan.verify(channel, base, limit, lastPublished, READ_BUFFER, throttle, damage::mark);
        }
        finally
        {
            file.unpin();
        }
    }

    /** The first damaged frame found in this segment, if any. */
    SegmentDamage damage()
    {
        return damage;
    }

    /** Closes the file. */
    void close() throws IOException
    {
        file.close();
    }

    /** Closes and deletes the file. */
    void delete() throws IOException
    {
        file.close();
        Files.deleteIfExists(path);
    }

    /** The sparse index, built by a verifying scan for a segment opened as trusted. */
    private SparseIndex indexed() throws IOException
    {
        SparseIndex sparse = index;
        if (sparse == null)
        {
            synchronized (this)
            {
                sparse = index;
                if (sparse == null)
                {
                    sparse = new SparseIndex(base);
                    final SegmentScan scan;
                    final FileChannel channel = file.pin();
                    try
                    {
                        scan = SegmentScan.of(channel, base, readable, sparse, READ_BUFFER, null);
                    }
                    finally
                    {
                        file.unpin();
                    }
                    final SegmentScan.Run first = scan.runs().get(0);
                    if (scan.problem() != null || first.last() != last)
                    {
                        damage.mark(first.end(), scan.problem() != null ? scan.problem() :
                            "last record " + first.last() + " where the index recorded " + last);
                    }
                    index = sparse;
                }
            }
        }
        return sparse;
    }
}
