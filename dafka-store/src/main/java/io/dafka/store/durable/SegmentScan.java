package io.dafka.store.durable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * What a verifying scan of a segment file found, and the frame checks that read a segment file without changing
 * it: the verifying scan ({@link #of}) and the scrub's verification ({@link #verify}). The {@link Segment} applies
 * what they find.
 *
 * @param runs          the runs of valid frames in file order; the first starts right after the header (it may be
 *                      empty), the others each after damage
 * @param problem       the first damage found, or null if the file is clean
 * @param headerInvalid whether the segment header itself was damaged
 */
record SegmentScan(List<Run> runs, String problem, boolean headerInvalid)
{
    /** Hears of damage found at a byte position of the file. */
    @FunctionalInterface
    interface Damage
    {
        void at(long position, String reason);
    }

    /** Records of the runs after the first: what a salvage keeps beyond the cut. */
    long salvageable()
    {
        long records = 0;
        for (int i = 1; i < runs.size(); i++)
        {
            records += runs.get(i).records();
        }
        return records;
    }

    /** The sequence of the last valid frame anywhere in the file. */
    long lastValid()
    {
        return runs.get(runs.size() - 1).last();
    }

    /**
     * Checks the frames of the segment of {@code base} read through {@code channel}, from the header to {@code limit},
     * filling {@code sparse} for the first run; after a damaged frame it resynchronises on the next valid one and
     * starts a new run. {@code headerProblem} is the damage of the header, if it was found invalid.
     */
    static SegmentScan of(final FileChannel channel, final long base, final long limit, final SparseIndex sparse,
        final int bufferBytes, final String headerProblem) throws IOException
    {
        final FrameCursor cursor = new FrameCursor(channel, limit, bufferBytes);
        final List<Run> runs = new ArrayList<>();
        String problem = headerProblem;
        long position = RecordFrame.SEGMENT_HEADER;
        long expected = base;
        if (headerProblem != null)
        {
            runs.add(new Run(position, position, base, base - 1, Long.MIN_VALUE, Long.MIN_VALUE));
            position = cursor.resync(position - 1, base);
            expected = position < 0 ? base : cursor.sequence();
        }
        long start = position;
        long first = expected;
        long firstTime = Long.MIN_VALUE;
        long newest = Long.MIN_VALUE;
        while (position >= 0)
        {
            final FrameCursor.Status status = cursor.next(position);
            if (status == FrameCursor.Status.FRAME && cursor.sequence() == expected)
            {
                if (runs.isEmpty())
                {
                    sparse.onRecord(expected, position);
                }
                if (firstTime == Long.MIN_VALUE)
                {
                    firstTime = cursor.timestamp();
                }
                newest = Math.max(newest, cursor.timestamp());
                expected++;
                position += cursor.frameSize();
                continue;
            }
            runs.add(new Run(start, position, first, expected - 1, firstTime, newest));
            if (status == FrameCursor.Status.END)
            {
                return new SegmentScan(runs, problem, headerProblem != null);
            }
            if (problem == null)
            {
                problem = damageAt(status, cursor, expected, position);
            }
            position = cursor.resync(position, expected);
            if (position >= 0)
            {
                expected = cursor.sequence();
                start = position;
                first = expected;
                firstTime = Long.MIN_VALUE;
                newest = Long.MIN_VALUE;
            }
        }
        return new SegmentScan(runs, problem, headerProblem != null);
    }

    /** What is wrong with the frame the cursor found at {@code position} where {@code expected} should be. */
    static String damageAt(final FrameCursor.Status status, final FrameCursor cursor, final long expected,
        final long position)
    {
        return (status == FrameCursor.Status.FRAME ? "sequence " + cursor.sequence() + " where " + expected +
            " was expected" : status.name().toLowerCase(Locale.ROOT) + " frame") + " at byte " + position;
    }

    /**
     * Verifies every frame of the segment of {@code base} up to {@code limit}, as the scrub does, calling
     * {@code throttle} with the bytes read every {@code throttleBytes} bytes; tells {@code damage} of the first
     * damaged frame, or of a last record before {@code lastPublished}.
     *
     * @return whether the frames are intact
     */
    static boolean verify(final FileChannel channel, final long base, final long limit, final long lastPublished,
        final int throttleBytes, final LongConsumer throttle, final Damage damage) throws IOException
    {
        final FrameCursor cursor = new FrameCursor(channel, limit, throttleBytes);
        long position = RecordFrame.SEGMENT_HEADER;
        long expected = base;
        long unthrottled = 0;
        while (true)
        {
            final FrameCursor.Status status = cursor.next(position);
            if (status == FrameCursor.Status.END)
            {
                break;
            }
            if (status != FrameCursor.Status.FRAME || cursor.sequence() != expected)
            {
                damage.at(position, damageAt(status, cursor, expected, position) + " (found by the scrub)");
                return false;
            }
            position += cursor.frameSize();
            unthrottled += cursor.frameSize();
            expected++;
            if (unthrottled >= throttleBytes)
            {
                throttle.accept(unthrottled);
                unthrottled = 0;
            }
        }
        if (expected - 1 < lastPublished)
        {
            damage.at(position, "last record " + (expected - 1) + " where " + lastPublished +
                " was published (found by the scrub)");
            return false;
        }
        return true;
    }

    /**
     * Consecutive valid frames of a segment file.
     *
     * @param start          position of the first frame (or where the run would start, if empty)
     * @param end            position after the last frame
     * @param first          sequence of the first frame
     * @param last           sequence of the last frame, {@code first - 1} if the run is empty
     * @param firstTimestamp timestamp of the first frame, or {@link Long#MIN_VALUE}
     * @param maxTimestamp   newest timestamp, or {@link Long#MIN_VALUE}
     */
    record Run(long start, long end, long first, long last, long firstTimestamp, long maxTimestamp)
    {
        long records()
        {
            return last - first + 1;
        }
    }
}
