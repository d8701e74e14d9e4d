package io.dafka.codec;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the byte dumps out of a Markdown document. A dump is introduced by a line that starts with
 * {@code **Dump `NAME`**}, optionally followed by {@code , N bytes}; the first fenced block after it holds the
 * bytes. Each line of the block is two-digit hex bytes separated by single blanks, then, after two or more
 * blanks, an optional annotation:
 * <pre>
 *   **Dump `ACK`**, 21 bytes:
 *   ```
 *   4b                         id 'K'
 *   41 42 43 44 00             ZMQ topic "ABCD", end
 *   ```
 * </pre>
 * Anything else in a block's byte column is an error naming the document line, so a typo cannot go unnoticed.
 * Public for the modules whose dumps the codec cannot encode (the Kafka record envelope).
 */
public final class DocumentedDumps
{
    private static final Pattern MARKER = Pattern.compile("^\\*\\*Dump `([^`]+)`\\*\\*(?:, (\\d+) bytes)?.*$");
    private static final Pattern HEX_BYTE = Pattern.compile("[0-9a-fA-F]{2}");
    private static final Pattern ANNOTATION_GAP = Pattern.compile("\\s{2,}");
    private static final String FENCE = "```";

    /** One documented dump. */
    public record Dump(String name, int declaredLength, byte[] bytes, String source, int line)
    {
        /** Where the dump is: {@code document:line} of its marker. */
        public String where()
        {
            return source + ":" + line;
        }
    }

    private DocumentedDumps()
    {
    }

    /**
     * Every dump of {@code markdown}, by name, in document order.
     *
     * @param source the document's name, for messages
     * @throws IllegalArgumentException if a marker has no block, a block is not closed, a byte is malformed or a
     *                                  name occurs twice
     */
    public static Map<String, Dump> parse(final String markdown, final String source)
    {
        final List<String> lines = markdown.lines().toList();
        final Map<String, Dump> dumps = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final Matcher marker = MARKER.matcher(lines.get(i).strip());
            if (!marker.matches())
            {
                continue;
            }
            final String name = marker.group(1);
            final int declared = marker.group(2) == null ? -1 : Integer.parseInt(marker.group(2));
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank())
            {
                open++;
            }
            if (open == lines.size() || !lines.get(open).strip().startsWith(FENCE))
            {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": dump `" + name +
                    "` is not followed by a fenced block");
            }
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).strip().startsWith(FENCE))
            {
                readLine(lines.get(close), bytes, source, close + 1);
                close++;
            }
            if (close == lines.size())
            {
                throw new IllegalArgumentException(source + ":" + (open + 1) + ": the block of dump `" + name +
                    "` is not closed");
            }
            if (dumps.put(name, new Dump(name, declared, bytes.toByteArray(), source, i + 1)) != null)
            {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": dump `" + name + "` occurs twice");
            }
            i = close;
        }
        return dumps;
    }

    private static void readLine(final String line, final ByteArrayOutputStream out, final String source,
        final int lineNumber)
    {
        final String text = line.strip();
        if (text.isEmpty())
        {
            return;
        }
        final String byteColumn = ANNOTATION_GAP.split(text, 2)[0];
        for (final String token : byteColumn.split(" "))
        {
            if (!HEX_BYTE.matcher(token).matches())
            {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": \"" + token +
                    "\" is not a two-digit hex byte (annotations follow the bytes after two or more blanks)");
            }
            out.write(Integer.parseInt(token, 16));
        }
    }
}
