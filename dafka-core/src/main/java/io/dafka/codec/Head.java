package io.dafka.codec;

/** HEAD (H): a producer's periodic announcement of the last sequence it published. ZMQ topic = topic name; address = producer. */
public final class Head extends PartitionMessage
{
    public Head()
    {
        super(MessageType.HEAD);
    }

    /** Sets every field, in wire order. */
    public Head set(final String topic, final String address, final String subject, final long sequence)
    {
        setFields(topic, address, subject, sequence);
        return this;
    }
}
