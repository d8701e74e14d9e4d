package io.dafka.transport;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The public keys a node admits: a text file of Z85 keys, one a line; a key may be followed by a space and any
 * comment. A line that is {@code #} or starts with {@code "# "} is a comment, and so is a blank line. ({@code #} is
 * a Z85 character, so a key may start with it; a space never occurs in a key.)
 */
public final class AllowList
{
    private AllowList()
    {
    }

    /**
     * Reads an allow-list file.
     *
     * @throws IllegalArgumentException if the file cannot be read or a line is not a Z85 key
     */
    public static Set<String> read(final Path file)
    {
        final Set<String> keys = new LinkedHashSet<>();
        for (final String raw : CurveKeyPair.readLines(file))
        {
            final String line = raw.strip();
            if (line.isEmpty() || line.equals("#") || line.startsWith("# "))
            {
                continue;
            }
            final String[] words = line.split("\\s+", 2);
            keys.add(CurveKeyPair.checkedKey(words[0], file, "key"));
        }
        return Collections.unmodifiableSet(keys);
    }
}
