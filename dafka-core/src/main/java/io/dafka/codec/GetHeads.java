package io.dafka.codec;

/** GET-HEADS (G): a consumer asks every store for the heads of a topic. ZMQ topic = the topic (there is no subject field); address = consumer. */
public final class GetHeads extends DafkaMessage
{
    private final Utf8Field address = new Utf8Field("address");

    public GetHeads()
    {
        super(MessageType.GET_HEADS);
    }

    /** Sets every field, in wire order. */
    public GetHeads set(final String topic, final String address)
    {
        setTopic(topic);
        this.address.set(address);
        return this;
    }

    public String address()
    {
        return address.get();
    }

    @Override
    int fieldsLength()
    {
        return 1 + address.shortUtf8().length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(address.shortUtf8());
    }

    @Override
    void readFields(final FrameReader reader)
    {
        address.readShort(reader);
    }
}
