package io.dafka.store.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final FileChannel channel;
    private volatile SparseIndex index;
    private volatile long size;
    private long appended;
    private volatile long readable;
    private volatile long last;
    private volatile long maxTimestamp;
    private long firstTimestamp;
    private volatile long corruptAt = -1;
    private volatile String corruption;
    private final AtomicBoolean corruptionReported = new AtomicBoolean();

    private Segment(final Path path, final long base, final FileChannel channel)
    {
        this.path = path;
        this.base = base;
        this.channel = channel;
        this.last = base - 1;
        this.appended = base - 1;
        this.maxTimestamp = Long.MIN_VALUE;
        this.firstTimestamp = Long.MIN_VALUE;
    }

    /** Creates an empty segment file of {@code base} in {@code directory} (not yet fsynced). */
    static Segment create(final Path directory, final long base) throws IOException
    {
        final Path path = directory.resolve(fileName(base));
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        final Segment segment = new Segment(path, base, channel);
        try
        {
            segment.writeFully(RecordFrame.segmentHeader(base), 0);
        }
        catch (final IOException e)
        {
            channel.close();
            throw e;
        }
        segment.index = new SparseIndex(base);
        segment.size = RecordFrame.SEGMENT_HEADER;
        segment.readable = RecordFrame.SEGMENT_HEADER;
        return segment;
    }

    /** Opens an existing segment file: nothing is readable before {@link #scanAndTruncate} or {@link #trusted}. */
    static Segment open(final Path path, final long base) throws IOException
    {
        return new Segment(path, base, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** The file name of the segment of {@code base}. */
    static String fileName(final long base)
    {
        return String.format(Locale.ROOT, "%020d%s", base, SUFFIX);
    }

    /** The base sequence in a segment file name, or -1 if it is not one. */
    static long baseOf(final String fileName)
    {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX))
        {
            return -1;
        }
        for (int i = 0; i < 20; i++)
        {
            if (!Character.isDigit(fileName.charAt(i)))
            {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, 20));
    }

    /**
     * Checks every frame from the start, truncates the file after the last valid one, and makes the segment
     * readable up to it. An invalid header counts as no valid frame (the header is rewritten).
     */
    ScanResult scanAndTruncate() throws IOException
    {
        final long fileSize = channel.size();
        final ByteBuffer header = ByteBuffer.allocate(RecordFrame.SEGMENT_HEADER);
        readFully(header, 0);
        header.flip();
        final SparseIndex built = new SparseIndex(base);
        final ScanResult result;
        if (!RecordFrame.isSegmentHeader(header, base))
        {
            result = new ScanResult(0, base - 1, Long.MIN_VALUE, Long.MIN_VALUE, fileSize, "invalid segment header");
            channel.truncate(0);
            writeFully(RecordFrame.segmentHeader(base), 0);
            channel.force(true);
        }
        else
        {
            result = scan(fileSize, built, SCAN_BUFFER);
            if (result.validBytes() < fileSize)
            {
                channel.truncate(result.validBytes());
                channel.force(true);
            }
        }
        index = built;
        size = Math.max(result.validBytes(), RecordFrame.SEGMENT_HEADER);
        readable = size;
        last = result.last();
        appended = result.last();
        maxTimestamp = result.maxTimestamp();
        firstTimestamp = result.firstTimestamp();
        return result;
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
        writeFully(frames, size);
        size += bytes;
    }

    /** Forces written frames to the device. */
    void force() throws IOException
    {
        channel.force(false);
    }

    /** Makes every written frame visible to readers (writer only, after the fsync if any). */
    void publish()
    {
        readable = size;
        last = appended;
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
     * Stops at a corrupt frame (see {@link #corruption()}).
     */
    int read(final long from, final int maxCount, final long lastAllowed, final RecordStore.RecordVisitor visitor)
    {
        try
        {
            final SparseIndex sparse = indexed();
            final long lastSequence = Math.min(lastAllowed, last);
            final long limit = corruptAt >= 0 ? Math.min(corruptAt, readable) : readable;
            if (from > lastSequence || from < base)
            {
                return 0;
            }
            final FrameCursor cursor = new FrameCursor(channel, limit, READ_BUFFER);
            long position = sparse.floor(from);
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
                    markCorrupt(position, status == FrameCursor.Status.FRAME ? "sequence " + cursor.sequence() +
                        " where " + expected + " was expected" : status.name().toLowerCase(Locale.ROOT) + " frame");
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
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Claims the report of this segment's corruption: true once, for the first caller. */
    boolean claimCorruptionReport()
    {
        return corruptionReported.compareAndSet(false, true);
    }

    /** Where reading found the first corrupt frame, or -1. */
    long corruptAt()
    {
        return corruptAt;
    }

    /** What was wrong at {@link #corruptAt()}, or null. */
    String corruption()
    {
        return corruption;
    }

    /** Closes the file. */
    void close() throws IOException
    {
        channel.close();
    }

    /** Closes and deletes the file. */
    void delete() throws IOException
    {
        channel.close();
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
                    final ScanResult result = scan(readable, sparse, READ_BUFFER);
                    if (result.problem() != null || result.last() != last)
                    {
                        markCorrupt(result.validBytes(), result.problem() != null ? result.problem() :
                            "last record " + result.last() + " where the index recorded " + last);
                    }
                    index = sparse;
                }
            }
        }
        return sparse;
    }

    private synchronized void markCorrupt(final long position, final String reason)
    {
        if (corruptAt < 0 || position < corruptAt)
        {
            corruption = reason + " at byte " + position + " of " + path;
            corruptAt = position;
        }
    }

    /** Checks frames from the header to {@code limit}, filling {@code sparse}; stops at the first invalid one. */
    private ScanResult scan(final long limit, final SparseIndex sparse, final int bufferBytes) throws IOException
    {
        final FrameCursor cursor = new FrameCursor(channel, limit, bufferBytes);
        long position = RecordFrame.SEGMENT_HEADER;
        long expected = base;
        long first = Long.MIN_VALUE;
        long newest = Long.MIN_VALUE;
        String problem = null;
        while (true)
        {
            final FrameCursor.Status status = cursor.next(position);
            if (status == FrameCursor.Status.END)
            {
                break;
            }
            if (status != FrameCursor.Status.FRAME)
            {
                problem = status.name().toLowerCase(Locale.ROOT) + " frame";
                break;
            }
            if (cursor.sequence() != expected)
            {
                problem = "sequence " + cursor.sequence() + " where " + expected + " was expected";
                break;
            }
            sparse.onRecord(expected, position);
            if (first == Long.MIN_VALUE)
            {
                first = cursor.timestamp();
            }
            newest = Math.max(newest, cursor.timestamp());
            expected++;
            position += cursor.frameSize();
        }
        return new ScanResult(position, expected - 1, first, newest, limit - position, problem);
    }

    private void readFully(final ByteBuffer target, final long position) throws IOException
    {
        long at = position;
        while (target.hasRemaining())
        {
            final int read = channel.read(target, at);
            if (read < 0)
            {
                return;
            }
            at += read;
        }
    }

    private void writeFully(final ByteBuffer source, final long position) throws IOException
    {
        long at = position;
        while (source.hasRemaining())
        {
            at += channel.write(source, at);
        }
    }

    /**
     * What a scan found.
     *
     * @param validBytes     end of the last valid frame (at least the header size for a valid header)
     * @param last           last valid sequence, {@code base - 1} if none
     * @param firstTimestamp timestamp of the first record, or {@link Long#MIN_VALUE}
     * @param maxTimestamp   newest timestamp, or {@link Long#MIN_VALUE}
     * @param droppedBytes   bytes after the last valid frame
     * @param problem        why the scan stopped before the end, or null
     */
    record ScanResult(long validBytes, long last, long firstTimestamp, long maxTimestamp, long droppedBytes,
                      String problem)
    {
    }
}
