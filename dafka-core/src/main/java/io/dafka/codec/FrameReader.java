package io.dafka.codec;

/**
 * Reads big-endian fields from a header frame. Running past the end throws the shared, stackless
 * {@link #MALFORMED} exception, which the decoder turns into a {@link DropReason}; it never escapes the codec.
 */
final class FrameReader
{
    static final RuntimeException MALFORMED = new RuntimeException("malformed frame", null, false, false)
    {
        private static final long serialVersionUID = 1L;
    };

    private byte[] frame;
    private int position;

    void wrap(final byte[] frame, final int position)
    {
        this.frame = frame;
        this.position = position;
    }

    byte[] frame()
    {
        return frame;
    }

    int position()
    {
        return position;
    }

    boolean atEnd()
    {
        return position == frame.length;
    }

    int number1()
    {
        require(1);
        return frame[position++] & 0xFF;
    }

    long number4()
    {
        require(4);
        long value = 0;
        for (int i = 0; i < 4; i++)
        {
            value = (value << 8) | (frame[position++] & 0xFF);
        }
        return value;
    }

    long number8()
    {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (frame[position++] & 0xFF);
        }
        return value;
    }

    /** Skips {@code length} bytes and returns where they start. */
    int skip(final long length)
    {
        require(length);
        final int start = position;
        position += (int)length;
        return start;
    }

    private void require(final long bytes)
    {
        if (frame.length - position < bytes)
        {
            throw MALFORMED;
        }
    }
}
