package io.dafka.codec;

/**
 * STORE-ACK (A), a Java-only protocol extension: the same cumulative acknowledgement as {@link Ack}, naming
 * the store writer that sends it, so a producer can count distinct stores. ZMQ topic = partition (producer)
 * address. A store writer sends it together with every ACK; only producers that need more than one store
 * subscribe to it, so C peers never receive it (docs/protocol-extensions.md).
 * <pre>
 *   subject(string) | sequence(number-8) | store(string)
 * </pre>
 */
public final class StoreAck extends DafkaMessage
{
    private final Utf8Field subject = new Utf8Field("subject");
    private final Utf8Field store = new Utf8Field("store");
    private long sequence;

    public StoreAck()
    {
        super(MessageType.STORE_ACK);
    }

    /** Sets every field, in wire order. */
    public StoreAck set(final String topic, final String subject, final long sequence, final String store)
    {
        setTopic(topic);
        this.subject.set(subject);
        this.sequence = sequence;
        this.store.set(store);
        return this;
    }

    public String subject()
    {
        return subject.get();
    }

    /** The highest sequence this store stored so far; every record up to it is acknowledged. */
    public long sequence()
    {
        return sequence;
    }

    /** The address of the store writer that acknowledges. */
    public String store()
    {
        return store.get();
    }

    @Override
    int fieldsLength()
    {
        return 1 + subject.shortUtf8().length + 8 + 1 + store.shortUtf8().length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(subject.shortUtf8());
        writer.number8(sequence);
        writer.string(store.shortUtf8());
    }

    @Override
    void readFields(final FrameReader reader)
    {
        subject.readShort(reader);
        sequence = reader.number8();
        store.readShort(reader);
    }
}
