package io.dafka.store;

import java.util.Arrays;

/**
 * The records of one partition in memory, from a base sequence on (0, or later for an adopted partition):
 * fixed-size chunks of references behind a directory, so growth copies only the directory (one reference per 4096
 * records), never the records or the chunks.
 *
 * <p>One appender at a time (appends are serialised), any number of concurrent readers: an appender fills
 * the slot, then publishes it with a volatile write of the head; a reader reads the head first, so it sees
 * every slot up to it.
 */
final class PartitionLog
{
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int SLOT_MASK = CHUNK_SIZE - 1;
    private static final int INITIAL_CHUNKS = 4;

    private final long base;
    private volatile byte[][][] chunks = new byte[INITIAL_CHUNKS][][];
    private volatile long head;

    /**
     * @param base sequence of the first record
     */
    PartitionLog(final long base)
    {
        this.base = base;
        this.head = base - 1;
    }

    long head()
    {
        return head;
    }

    /** The first sequence held, or {@link RecordStore#NONE} while empty. */
    long first()
    {
        return head >= base ? base : RecordStore.NONE;
    }

    synchronized void append(final long sequence, final byte[] content)
    {
        if (sequence != head + 1)
        {
            throw new IllegalArgumentException("sequence " + sequence + " does not follow head " + head);
        }
        final int chunk = chunkOf(sequence);
        byte[][][] directory = chunks;
        if (chunk >= directory.length)
        {
            directory = Arrays.copyOf(directory, directory.length * 2);
            chunks = directory;
        }
        if (directory[chunk] == null)
        {
            directory[chunk] = new byte[CHUNK_SIZE][];
        }
        directory[chunk][slotOf(sequence)] = content;
        head = sequence;
    }

    int read(final long from, final int maxCount, final RecordStore.RecordVisitor visitor)
    {
        final long last = head;
        if (from < base || from > last || maxCount <= 0)
        {
            return 0;
        }
        final byte[][][] directory = chunks;
        final int count = (int)Math.min(maxCount, last - from + 1);
        for (long sequence = from; sequence < from + count; sequence++)
        {
            visitor.onRecord(sequence, directory[chunkOf(sequence)][slotOf(sequence)]);
        }
        return count;
    }

    private int chunkOf(final long sequence)
    {
        return Math.toIntExact((sequence - base) >>> CHUNK_SHIFT);
    }

    private int slotOf(final long sequence)
    {
        return (int)((sequence - base) & SLOT_MASK);
    }
}
