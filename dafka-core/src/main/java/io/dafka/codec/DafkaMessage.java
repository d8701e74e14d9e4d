package io.dafka.codec;

/**
 * A Dafka message: its type, the ZMQ topic that goes between the id and the NUL, and the fields of its type.
 * Instances are mutable and reusable: a {@link MessageDecoder} returns the same instance per type on every
 * call, so read what you need before decoding the next frame.
 */
public abstract class DafkaMessage
{
    private final MessageType type;
    private final Utf8Field topic = new Utf8Field("topic");

    DafkaMessage(final MessageType type)
    {
        this.type = type;
    }

    public final MessageType type()
    {
        return type;
    }

    /** The ZMQ topic: a topic name or a node address, depending on the type (see the package summary). */
    public final String topic()
    {
        return topic.get();
    }

    final void setTopic(final String value)
    {
        topic.set(value);
    }

    /**
     * Encodes the header frame: {@code id | topic | 0x00 | 0x01 | fields}. The content frame of RECORD and
     * DIRECT-RECORD is sent separately, as is.
     *
     * @throws IllegalArgumentException if a field is null, the topic contains NUL, or a {@code string} field
     *                                  is longer than 255 bytes in UTF-8
     */
    public final byte[] encode()
    {
        final byte[] topicUtf8 = topic.topicUtf8();
        final FrameWriter writer = new FrameWriter(Wire.MIN_HEADER_LENGTH + topicUtf8.length + fieldsLength());
        writer.number1(type.id());
        writer.bytes(topicUtf8);
        writer.number1(Wire.TOPIC_TERMINATOR);
        writer.number1(Wire.VERSION);
        writeFields(writer);
        return writer.frame();
    }

    final void decodeTopic(final byte[] frame, final int length)
    {
        topic.assign(frame, 1, length);
    }

    abstract int fieldsLength();

    abstract void writeFields(FrameWriter writer);

    abstract void readFields(FrameReader reader);
}
