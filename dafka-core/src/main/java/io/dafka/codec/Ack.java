package io.dafka.codec;

/**
 * ACK (K): a store writer's cumulative acknowledgement. ZMQ topic = partition (producer) address.
 * <pre>
 *   subject(string) | sequence(number-8)      (no address field, unlike RFC 46)
 * </pre>
 */
public final class Ack extends DafkaMessage
{
    private final Utf8Field subject = new Utf8Field("subject");
    private long sequence;

    public Ack()
    {
        super(MessageType.ACK);
    }

    /** Sets every field, in wire order. */
    public Ack set(final String topic, final String subject, final long sequence)
    {
        setTopic(topic);
        this.subject.set(subject);
        this.sequence = sequence;
        return this;
    }

    public String subject()
    {
        return subject.get();
    }

    /** The highest sequence stored so far; every record up to it is acknowledged. */
    public long sequence()
    {
        return sequence;
    }

    @Override
    int fieldsLength()
    {
        return 1 + subject.shortUtf8().length + 8;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(subject.shortUtf8());
        writer.number8(sequence);
    }

    @Override
    void readFields(final FrameReader reader)
    {
        subject.readShort(reader);
        sequence = reader.number8();
    }
}
