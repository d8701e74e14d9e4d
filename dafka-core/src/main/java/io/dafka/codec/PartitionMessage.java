package io.dafka.codec;

/**
 * The messages that name a position in a partition: {@code address(string) | subject(string) |
 * sequence(number-8)}, in that order. RECORD, DIRECT-RECORD, HEAD, DIRECT-HEAD and FETCH share this layout;
 * FETCH appends a count.
 */
public abstract class PartitionMessage extends DafkaMessage
{
    /** Length of the fixed fields: two string length bytes plus the sequence. */
    static final int FIXED_LENGTH = 1 + 1 + 8;

    private final Utf8Field address = new Utf8Field("address");
    private final Utf8Field subject = new Utf8Field("subject");
    private long sequence;

    PartitionMessage(final MessageType type)
    {
        super(type);
    }

    /** A node address: the partition (producer) for RECORD/HEAD/DIRECT-*, the requester for FETCH. */
    public final String address()
    {
        return address.get();
    }

    /** The Dafka topic name. */
    public final String subject()
    {
        return subject.get();
    }

    /** A record sequence (offset in the partition); unsigned on the wire. */
    public final long sequence()
    {
        return sequence;
    }

    final void setFields(final String topic, final String address, final String subject, final long sequence)
    {
        setTopic(topic);
        this.address.set(address);
        this.subject.set(subject);
        this.sequence = sequence;
    }

    @Override
    int fieldsLength()
    {
        return FIXED_LENGTH + address.shortUtf8().length + subject.shortUtf8().length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(address.shortUtf8());
        writer.string(subject.shortUtf8());
        writer.number8(sequence);
    }

    @Override
    void readFields(final FrameReader reader)
    {
        address.readShort(reader);
        subject.readShort(reader);
        sequence = reader.number8();
    }
}
