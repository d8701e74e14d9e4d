package io.dafka.codec;

/** STORE-HELLO (L): a store reader greets a consumer that connected to it. ZMQ topic = consumer address; address = store reader. */
public final class StoreHello extends DafkaMessage
{
    private final Utf8Field address = new Utf8Field("address");

    public StoreHello()
    {
        super(MessageType.STORE_HELLO);
    }

    /** Sets every field, in wire order. */
    public StoreHello set(final String topic, final String address)
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
