package io.dafka.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text field with its UTF-8 form cached. Encoding the same value again costs nothing, and decoding bytes
 * equal to the previous value returns the same {@code String} (a partition's address and topic repeat on
 * every record), so the receive path allocates no strings in the steady state.
 */
final class Utf8Field
{
    private final String name;
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
            utf8 = null;
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

    /** Sets the value from {@code length} bytes of {@code frame}, keeping the old instance if they are equal. */
    void assign(final byte[] frame, final int start, final int length)
    {
        if (utf8 != null && Arrays.equals(frame, start, start + length, utf8, 0, utf8.length))
        {
            return;
        }
        utf8 = Arrays.copyOfRange(frame, start, start + length);
        value = new String(utf8, StandardCharsets.UTF_8);
    }
}
