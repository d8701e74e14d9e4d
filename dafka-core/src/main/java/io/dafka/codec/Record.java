package io.dafka.codec;

/** RECORD (M): a record published live by a producer. ZMQ topic = topic name; address = producer (partition); content frame follows. */
public final class Record extends PartitionMessage
{
    private static final byte[] EMPTY = new byte[0];

    private byte[] content = EMPTY;

    public Record()
    {
        super(MessageType.RECORD);
    }

    /** Sets every field, in wire order; {@code content} is the second frame, sent as is. */
    public Record set(final String topic, final String address, final String subject, final long sequence,
        final byte[] content)
    {
        setFields(topic, address, subject, sequence);
        content(content);
        return this;
    }

    /** The record payload (frame 1). Never null; may be empty. */
    public byte[] content()
    {
        return content;
    }

    /** Sets the payload read from frame 1. */
    public Record content(final byte[] content)
    {
        if (content == null)
        {
            throw new IllegalArgumentException("content must not be null (use an empty array)");
        }
        this.content = content;
        return this;
    }
}
