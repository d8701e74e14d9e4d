package io.dafka.codec;

/** DIRECT-RECORD (D): a record sent to one requester in answer to a FETCH. ZMQ topic = requester address; address = partition; content frame follows. */
public final class DirectRecord extends PartitionMessage
{
    private static final byte[] EMPTY = new byte[0];

    private byte[] content = EMPTY;

    public DirectRecord()
    {
        super(MessageType.DIRECT_RECORD);
    }

    /** Sets every field, in wire order; {@code content} is the second frame, sent as is. */
    public DirectRecord set(final String topic, final String address, final String subject, final long sequence,
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
    public DirectRecord content(final byte[] content)
    {
        if (content == null)
        {
            throw new IllegalArgumentException("content must not be null (use an empty array)");
        }
        this.content = content;
        return this;
    }
}
