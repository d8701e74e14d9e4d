package io.dafka.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text field with the UTF-8 form of its last {@value #REMEMBERED} distinct values cached. A peer's fields take
 * few values that repeat: a store writer hears every producer's address and topic in turn, a producer sends each
 * of its partitions' {@code String}s in turn. So in the steady state setting a remembered instance encodes
 * nothing again, and decoding bytes equal to a remembered value returns that same {@code String}: neither
 * direction allocates. Past that many values in rotation, each new one is converted again.
 */
final class Utf8Field
{
    /** Distinct values remembered per field; the oldest is replaced first. */
    static final int REMEMBERED = 8;

    private final String name;
    private final String[] values = new String[REMEMBERED];
    private final byte[][] encodings = new byte[REMEMBERED][];
    private int oldest;
    private String value;
    private byte[] utf8;

    Utf8Field(final String name)
    {
        this.name = name;
    }

    String get()
    {
        return value;
    }

    void set(final String newValue)
    {
        if (newValue != value)
        {
            value = newValue;
            utf8 = newValue == null ? null : remembered(newValue);
        }
    }

    /** The UTF-8 bytes, or an {@link IllegalArgumentException} naming the field if it is null. */
    byte[] utf8()
    {
        if (value == null)
        {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (utf8 == null)
        {
            utf8 = value.getBytes(StandardCharsets.UTF_8);
            remember(value, utf8);
        }
        return utf8;
    }

    /** The UTF-8 bytes of a {@code string} field, checked against the wire format's 255-byte limit. */
    byte[] shortUtf8()
    {
        final byte[] bytes = utf8();
        if (bytes.length > Wire.MAX_STRING_LENGTH)
        {
            throw new IllegalArgumentException(
                name + " is " + bytes.length + " bytes in UTF-8; the wire format allows at most " +
                Wire.MAX_STRING_LENGTH);
        }
        return bytes;
    }

    /** The UTF-8 bytes of the ZMQ topic, which must not contain NUL because NUL terminates it. */
    byte[] topicUtf8()
    {
        final byte[] bytes = utf8();
        for (final byte b : bytes)
        {
            if (b == Wire.TOPIC_TERMINATOR)
            {
                throw new IllegalArgumentException(name + " must not contain NUL: \"" + value + "\"");
            }
        }
        return bytes;
    }

    /** Reads a {@code string}: one length byte, then the bytes. */
    void readShort(final FrameReader reader)
    {
        final int length = reader.number1();
        assign(reader.frame(), reader.skip(length), length);
    }

    /** Sets the value from {@code length} bytes of {@code frame}, reusing the remembered instance of equal bytes. */
    void assign(final byte[] frame, final int start, final int length)
    {
        if (utf8 != null && Arrays.equals(frame, start, start + length, utf8, 0, utf8.length))
        {
            return;
        }
        for (int i = 0; i < REMEMBERED; i++)
        {
            final byte[] encoding = encodings[i];
            if (encoding != null && Arrays.equals(frame, start, start + length, encoding, 0, encoding.length))
            {
                value = values[i];
                utf8 = encoding;
                return;
            }
        }
        utf8 = Arrays.copyOfRange(frame, start, start + length);
        value = new String(utf8, StandardCharsets.UTF_8);
        remember(value, utf8);
    }

    /** The remembered UTF-8 bytes of this very {@code String} instance (senders reuse theirs), or {@code null}. */
    private byte[] remembered(final String text)
    {
        for (int i = 0; i < REMEMBERED; i++)
        {
            if (text == values[i])
            {
                return encodings[i];
            }
        }
        return null;
    }

    private void remember(final String text, final byte[] encoding)
    {
        values[oldest] = text;
        encodings[oldest] = encoding;
        oldest = (oldest + 1) % REMEMBERED;
    }
}
