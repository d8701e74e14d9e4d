package io.dafka.codec;

/** DIRECT-HEAD (E): a store reader's answer with the last sequence it stored for a partition. ZMQ topic = consumer address; address = partition. */
public final class DirectHead extends PartitionMessage
{
    public DirectHead()
    {
        super(MessageType.DIRECT_HEAD);
    }

    /** Sets every field, in wire order. */
    public DirectHead set(final String topic, final String address, final String subject, final long sequence)
    {
        setFields(topic, address, subject, sequence);
        return this;
    }
}
