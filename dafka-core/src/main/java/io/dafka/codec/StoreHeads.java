package io.dafka.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * STORE-HEADS (S), a Java-only protocol extension (docs/protocol-extensions.md): a store reader tells the store
 * writers of other stores which partitions its store holds, so that they fetch what they lack without any
 * producer alive. C peers never subscribe to 'S'. ZMQ topic = the sending store reader's address.
 * <pre>
 *   address(string) | count(number-4) | count x [subject(string) | partition(string) | first(number-8) | head(number-8)]
 * </pre>
 * {@code address} is the sending store's writer address, so that a writer ignores its own store's summary. A
 * store sends its partitions in chunks of at most {@link #MAX_ENTRIES}.
 */
public final class StoreHeads extends DafkaMessage
{
    /** Most partitions one message carries: at most ~520 KB with 255-byte names, ~60 KB with typical ones. */
    public static final int MAX_ENTRIES = 1000;
    /** Shortest encoded entry: two empty strings and two numbers. */
    private static final int MIN_ENTRY_LENGTH = 1 + 1 + 8 + 8;

    private final Utf8Field address = new Utf8Field("address");
    private String[] subjects = new String[16];
    private String[] partitions = new String[16];
    private long[] firsts = new long[16];
    private long[] heads = new long[16];
    private byte[][] subjectsUtf8;
    private byte[][] partitionsUtf8;
    private int count;

    public StoreHeads()
    {
        super(MessageType.STORE_HEADS);
    }

    /** Sets the header fields and removes every entry; {@link #add} the entries next. */
    public StoreHeads set(final String topic, final String address)
    {
        setTopic(topic);
        this.address.set(address);
        count = 0;
        return this;
    }

    /**
     * Adds one partition.
     *
     * @throws IllegalArgumentException if a name is null or longer than 255 bytes in UTF-8
     * @throws IllegalStateException    if the message already holds {@link #MAX_ENTRIES} entries
     */
    public StoreHeads add(final String subject, final String partition, final long first, final long head)
    {
        if (count == MAX_ENTRIES)
        {
            throw new IllegalStateException("a STORE-HEADS carries at most " + MAX_ENTRIES + " partitions");
        }
        checkString("subject", subject);
        checkString("partition", partition);
        ensureCapacity(count + 1);
        subjects[count] = subject;
        partitions[count] = partition;
        firsts[count] = first;
        heads[count] = head;
        count++;
        return this;
    }

    /** The sending store's writer address. */
    public String address()
    {
        return address.get();
    }

    /** How many partitions this message carries. */
    public int count()
    {
        return count;
    }

    /** Whether no more entry fits. */
    public boolean isFull()
    {
        return count == MAX_ENTRIES;
    }

    /** The topic of entry {@code index}. */
    public String subject(final int index)
    {
        return subjects[checkIndex(index)];
    }

    /** The partition (producer) address of entry {@code index}. */
    public String partition(final int index)
    {
        return partitions[checkIndex(index)];
    }

    /** The first sequence the sending store holds of entry {@code index}; unsigned on the wire. */
    public long first(final int index)
    {
        return firsts[checkIndex(index)];
    }

    /** The last sequence the sending store holds of entry {@code index}; unsigned on the wire. */
    public long head(final int index)
    {
        return heads[checkIndex(index)];
    }

    @Override
    int fieldsLength()
    {
        subjectsUtf8 = new byte[count][];
        partitionsUtf8 = new byte[count][];
        int length = 1 + address.shortUtf8().length + 4;
        for (int i = 0; i < count; i++)
        {
            subjectsUtf8[i] = subjects[i].getBytes(StandardCharsets.UTF_8);
            partitionsUtf8[i] = partitions[i].getBytes(StandardCharsets.UTF_8);
            length += MIN_ENTRY_LENGTH + subjectsUtf8[i].length + partitionsUtf8[i].length;
        }
        return length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(address.shortUtf8());
        writer.number4(count);
        for (int i = 0; i < count; i++)
        {
            writer.string(subjectsUtf8[i]);
            writer.string(partitionsUtf8[i]);
            writer.number8(firsts[i]);
            writer.number8(heads[i]);
        }
        subjectsUtf8 = null;
        partitionsUtf8 = null;
    }

    @Override
    void readFields(final FrameReader reader)
    {
        address.readShort(reader);
        final long decodedCount = reader.number4();
        if (decodedCount > (reader.frame().length - reader.position()) / MIN_ENTRY_LENGTH)
        {
            throw FrameReader.MALFORMED; // each entry needs at least its fixed bytes
        }
        count = 0;
        ensureCapacity((int)decodedCount);
        for (int i = 0; i < decodedCount; i++)
        {
            subjects[i] = readString(reader);
            partitions[i] = readString(reader);
            firsts[i] = reader.number8();
            heads[i] = reader.number8();
        }
        count = (int)decodedCount;
    }

    private static String readString(final FrameReader reader)
    {
        final int length = reader.number1();
        final int start = reader.skip(length);
        return new String(reader.frame(), start, length, StandardCharsets.UTF_8);
    }

    private static void checkString(final String name, final String value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(name + " must not be null");
        }
        final int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length > Wire.MAX_STRING_LENGTH)
        {
            throw new IllegalArgumentException(name + " is " + length +
                " bytes in UTF-8; the wire format allows at most " + Wire.MAX_STRING_LENGTH);
        }
    }

    private int checkIndex(final int index)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("entry " + index + " of " + count);
        }
        return index;
    }

    private void ensureCapacity(final int capacity)
    {
        if (capacity > subjects.length)
        {
            final int grown = Math.max(capacity, subjects.length * 2);
            subjects = Arrays.copyOf(subjects, grown);
            partitions = Arrays.copyOf(partitions, grown);
            firsts = Arrays.copyOf(firsts, grown);
            heads = Arrays.copyOf(heads, grown);
        }
    }
}
