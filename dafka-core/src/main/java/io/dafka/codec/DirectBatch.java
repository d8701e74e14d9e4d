package io.dafka.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DIRECT-BATCH (X), a Java-only protocol extension (docs/protocol-extensions.md): consecutive records of one
 * partition sent to one requester in answer to a FETCH, in one frame instead of one DIRECT-RECORD each. Only a
 * requester that subscribed to {@code 'X' + its address} receives it; C peers never do. ZMQ topic = requester
 * address; address = partition.
 * <pre>
 *   address(string) | subject(string) | sequence(number-8) | count(number-4) | count x [length(number-4) | bytes]
 * </pre>
 * Record {@code i} has sequence {@code sequence + i}. One frame, never longer than {@link #MAX_FRAME_BYTES}.
 * A decoded batch refers to the received frame: {@link #content(int)} copies one record out of it.
 */
public final class DirectBatch extends PartitionMessage
{
    /**
     * Longest frame a sender builds, header included. A requester subscribes to batches only if its
     * {@code socket.max_message_size} accepts frames this long; a record too long to fit goes as a DIRECT-RECORD.
     */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** Bytes of a record besides its content: its length. */
    private static final int RECORD_OVERHEAD = 4;
    private static final int COUNT_LENGTH = 4;

    private byte[][] arrays = new byte[64][];
    private int[] offsets = new int[64];
    private int[] lengths = new int[64];
    private int count;
    /** The frame length with the records added so far. */
    private int frameLength;

    public DirectBatch()
    {
        super(MessageType.DIRECT_BATCH);
    }

    /**
     * Sets the header fields and removes every record; {@link #add} the records next, the first one having
     * sequence {@code first}.
     *
     * @throws IllegalArgumentException if a field is null or too long for the wire format
     */
    public DirectBatch set(final String topic, final String address, final String subject, final long first)
    {
        setFields(topic, address, subject, first);
        Arrays.fill(arrays, 0, count, null);
        count = 0;
        frameLength = Wire.MIN_HEADER_LENGTH + topic.getBytes(StandardCharsets.UTF_8).length + super.fieldsLength() +
            COUNT_LENGTH;
        return this;
    }

    /**
     * Whether a receiver whose socket accepts frames of at most {@code maxMessageSize} bytes may subscribe to
     * batches: only then can no batch make it drop the connection.
     */
    public static boolean acceptedBy(final long maxMessageSize)
    {
        return maxMessageSize >= MAX_FRAME_BYTES;
    }

    /** Whether a record of {@code length} bytes still fits in {@link #MAX_FRAME_BYTES}. */
    public boolean fits(final int length)
    {
        return (long)frameLength + RECORD_OVERHEAD + length <= MAX_FRAME_BYTES;
    }

    /**
     * Adds the next record; its array is referred to, not copied, until the batch is encoded or {@link #set} again.
     *
     * @throws IllegalStateException if it does not {@link #fits fit}
     */
    public DirectBatch add(final byte[] content)
    {
        if (!fits(content.length))
        {
            throw new IllegalStateException("a " + content.length + "-byte record does not fit in a DIRECT-BATCH of " +
                frameLength + " bytes (at most " + MAX_FRAME_BYTES + ")");
        }
        ensureCapacity(count + 1);
        arrays[count] = content;
        offsets[count] = 0;
        lengths[count] = content.length;
        count++;
        frameLength += RECORD_OVERHEAD + content.length;
        return this;
    }

    /** How many records the batch holds. */
    public int count()
    {
        return count;
    }

    /** The sequence of record {@code index}. */
    public long sequence(final int index)
    {
        return sequence() + checkIndex(index);
    }

    /** A copy of the content of record {@code index}. */
    public byte[] content(final int index)
    {
        final int at = checkIndex(index);
        return Arrays.copyOfRange(arrays[at], offsets[at], offsets[at] + lengths[at]);
    }

    /** The length of the encoded frame. */
    public int frameLength()
    {
        return frameLength;
    }

    @Override
    int fieldsLength()
    {
        int length = super.fieldsLength() + COUNT_LENGTH;
        for (int i = 0; i < count; i++)
        {
            length += RECORD_OVERHEAD + lengths[i];
        }
        return length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        super.writeFields(writer);
        writer.number4(count);
        for (int i = 0; i < count; i++)
        {
            writer.number4(lengths[i]);
            writer.bytes(arrays[i], offsets[i], lengths[i]);
        }
    }

    @Override
    void readFields(final FrameReader reader)
    {
        super.readFields(reader);
        count = 0;
        final long decodedCount = reader.number4();
        if (decodedCount > (reader.frame().length - reader.position()) / RECORD_OVERHEAD)
        {
            throw FrameReader.MALFORMED; // each record needs at least its length
        }
        ensureCapacity((int)decodedCount);
        final byte[] frame = reader.frame();
        for (int i = 0; i < decodedCount; i++)
        {
            final long length = reader.number4();
            offsets[i] = reader.skip(length);
            lengths[i] = (int)length;
            arrays[i] = frame;
        }
        count = (int)decodedCount;
        frameLength = reader.position();
    }

    private int checkIndex(final int index)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("record " + index + " of " + count);
        }
        return index;
    }

    private void ensureCapacity(final int capacity)
    {
        if (capacity > arrays.length)
        {
            final int grown = Math.max(capacity, arrays.length * 2);
            arrays = Arrays.copyOf(arrays, grown);
            offsets = Arrays.copyOf(offsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
        }
    }
}
