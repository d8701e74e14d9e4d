package io.dafka.codec;

/** Constants of the header frame layout shared by all messages. */
public final class Wire
{
    /** The only protocol version the C implementation sends and accepts. */
    public static final int VERSION = 0x01;
    /** Terminator of the ZMQ topic inside the header frame. */
    public static final byte TOPIC_TERMINATOR = 0x00;
    /** Longest {@code string} field (address, subject) the wire format can carry. */
    public static final int MAX_STRING_LENGTH = 255;
    /** id + NUL + version: the shortest possible header frame. */
    public static final int MIN_HEADER_LENGTH = 3;

    private Wire()
    {
    }
}
