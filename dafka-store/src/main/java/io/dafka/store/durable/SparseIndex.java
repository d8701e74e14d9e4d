package io.dafka.store.durable;

import java.util.Arrays;

/**
 * Where some records of one segment start: an entry at the first record and then at the first record after
 * every {@value #INTERVAL_BYTES} bytes, so a read seeks to the nearest entry and scans at most that far. Kept in
 * memory (8 bytes an entry, 4 KiB per 8 MiB of log), rebuilt by scanning the segment when it is opened.
 *
 * <p>One writer, any number of readers: the writer fills an entry, then publishes it with a volatile write of the
 * count; a reader reads the count first.
 */
final class SparseIndex
{
    static final int INTERVAL_BYTES = 16 * 1024;
    private static final int INITIAL_CAPACITY = 64;

    private final long base;
    private volatile int[] offsets = new int[INITIAL_CAPACITY];
    private volatile int[] positions = new int[INITIAL_CAPACITY];
    private volatile int count;
    private long nextPosition;

    /**
     * @param base sequence of the segment's first record
     */
    SparseIndex(final long base)
    {
        this.base = base;
    }

    /** Notes that the record {@code sequence} starts at byte {@code position} of the segment (in order). */
    void onRecord(final long sequence, final long position)
    {
        if (position < nextPosition)
        {
            return;
        }
        final int n = count;
        if (n == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, n * 2);
            positions = Arrays.copyOf(positions, n * 2);
        }
        offsets[n] = Math.toIntExact(sequence - base);
        positions[n] = Math.toIntExact(position);
        count = n + 1;
        nextPosition = position + INTERVAL_BYTES;
    }

    /**
     * The position of the last indexed record at or before {@code sequence}, or of the segment's first record if
     * none is indexed yet.
     */
    long floor(final long sequence)
    {
        final int n = count;
        final int[] indexed = offsets;
        final int[] at = positions;
        int low = 0;
        int high = n - 1;
        int found = -1;
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            if (base + indexed[middle] <= sequence)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return found < 0 ? RecordFrame.SEGMENT_HEADER : at[found];
    }

    int size()
    {
        return count;
    }

    /**
     * Forgets the entries of records after {@code last}, whose bytes were cut (writer only; no reader reads past
     * {@code last}).
     */
    void truncateAfter(final long last)
    {
        int n = count;
        while (n > 0 && base + offsets[n - 1] > last)
        {
            n--;
        }
        count = n;
        nextPosition = n == 0 ? 0 : positions[n - 1] + (long)INTERVAL_BYTES;
    }
}
