package io.dafka.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns the byte dumps of docs/protocol.md into bytes, so that tests can quote the spec literally. Accepted
 * notation: two-digit hex bytes separated by blanks ({@code "4d 68 65"}), ASCII runs in single quotes ({@code "48
 * 'hello' 00"}) and {@code |} as a visual separator, which is ignored.
 */
final class Hex
{
    private Hex()
    {
    }

    static byte[] bytes(final String dump)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < dump.length())
        {
            final char c = dump.charAt(i);
            if (Character.isWhitespace(c) || c == '|')
            {
                i++;
            }
            else if (c == '\'')
            {
                final int end = dump.indexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new IllegalArgumentException("unterminated quote at " + i + " in: " + dump);
                }
                out.writeBytes(dump.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII));
                i = end + 1;
            }
            else
            {
                if (i + 1 >= dump.length())
                {
                    throw new IllegalArgumentException("odd hex digit at " + i + " in: " + dump);
                }
                out.write(Integer.parseInt(dump.substring(i, i + 2), 16));
                i += 2;
            }
        }
        return out.toByteArray();
    }

    static String of(final byte[] bytes)
    {
        final StringBuilder text = new StringBuilder(bytes.length * 3);
        for (final byte b : bytes)
        {
            if (text.length() > 0)
            {
                text.append(' ');
            }
            text.append(String.format("%02x", b & 0xFF));
        }
        return text.toString();
    }
}
