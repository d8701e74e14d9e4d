package io.dafka.codec;

/** Writes big-endian fields into a header frame of known size. */
final class FrameWriter
{
    private final byte[] frame;
    private int position;

    FrameWriter(final int length)
    {
        frame = new byte[length];
    }

    void number1(final int value)
    {
        frame[position++] = (byte)value;
    }

    void number4(final long value)
    {
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            frame[position++] = (byte)(value >>> shift);
        }
    }

    void number8(final long value)
    {
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            frame[position++] = (byte)(value >>> shift);
        }
    }

    void bytes(final byte[] bytes)
    {
        bytes(bytes, 0, bytes.length);
    }

    void bytes(final byte[] bytes, final int offset, final int length)
    {
        System.arraycopy(bytes, offset, frame, position, length);
        position += length;
    }

    /** A {@code string}: one length byte, then at most 255 bytes (checked by {@link Utf8Field#shortUtf8()}). */
    void string(final byte[] utf8)
    {
        number1(utf8.length);
        bytes(utf8);
    }

    /** A {@code longstr}: four length bytes, then the bytes. */
    void longString(final byte[] utf8)
    {
        number4(utf8.length);
        bytes(utf8);
    }

    byte[] frame()
    {
        if (position != frame.length)
        {
            throw new IllegalStateException("encoded " + position + " bytes, expected " + frame.length);
        }
        return frame;
    }
}
