package io.dafka.examples;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a configuration file: Java properties with Dafka keys ({@code store.fsync = batch}), or, for names ending
 * in {@code .cfg} or {@code .zpl}, C Dafka's ZPL format (sections indented by 4 spaces, {@code key = "value"}), so
 * a C daemon's file works as is. C's {@code verbose} keys are ignored (logging is SLF4J's).
 */
final class ConfigFile
{
    private ConfigFile()
    {
    }

    /** The settings of {@code file}, keys as written ({@code a.b} or {@code a/b}). */
    static Map<String, String> load(final Path file) throws IOException
    {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        final Map<String, String> settings = name.endsWith(".cfg") || name.endsWith(".zpl") ?
            zpl(Files.readAllLines(file, StandardCharsets.UTF_8)) : properties(file);
        settings.keySet().removeIf(key -> key.endsWith("verbose"));
        return settings;
    }

    private static Map<String, String> properties(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        final Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key).trim()));
        return settings;
    }

    /** ZPL (zeromq RFC 4): {@code name = value} or a section name, nesting by 4-space indentation. */
    static Map<String, String> zpl(final List<String> lines)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        final List<String> path = new ArrayList<>();
        for (final String line : lines)
        {
            final String content = line.strip();
            if (content.isEmpty() || content.startsWith("#"))
            {
                continue;
            }
            final int depth = (line.length() - line.stripLeading().length()) / 4;
            while (path.size() > depth)
            {
                path.remove(path.size() - 1);
            }
            final int equals = content.indexOf('=');
            if (equals < 0)
            {
                path.add(content);
                continue;
            }
            final List<String> key = new ArrayList<>(path);
            key.add(content.substring(0, equals).strip());
            settings.put(String.join("/", key), unquote(content.substring(equals + 1).strip()));
        }
        return settings;
    }

    private static String unquote(final String value)
    {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") ||
            value.startsWith("'") && value.endsWith("'")))
        {
            return value.substring(1, value.length() - 1);
        }
        final int comment = value.indexOf(" #");
        return comment < 0 ? value : value.substring(0, comment).strip();
    }
}
