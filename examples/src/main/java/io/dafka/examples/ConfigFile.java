package io.dafka.examples;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.zeromq.ZConfig;

/**
 * Reads a configuration file: Java properties with Dafka keys ({@code store.fsync = batch}), or, for names ending
 * in {@code .cfg} or {@code .zpl}, C Dafka's ZPL format read by JeroMQ's {@link ZConfig} (sections indented by 4
 * spaces, {@code key = "value"}), so a C daemon's file works as is. C's {@code verbose} keys are ignored (logging
 * is SLF4J's).
 */
final class ConfigFile
{
    private ConfigFile()
    {
    }

    /**
     * The settings of {@code file}, keys as written ({@code a.b} or {@code a/b}).
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file and line if a ZPL file is malformed
     */
    static Map<String, String> load(final Path file) throws IOException
    {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        final Map<String, String> settings = name.endsWith(".cfg") || name.endsWith(".zpl") ? zpl(file) :
            properties(file);
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

    /** ZPL (zeromq RFC 4): every {@code section/name} path that has a value. */
    private static Map<String, String> zpl(final Path file) throws IOException
    {
        try
        {
            return new TreeMap<>(ZConfig.load(file.toString()).getValues());
        }
        catch (final ZConfig.ReadException malformed)
        {
            final String reason = String.valueOf(malformed.getMessage()).replaceFirst(" in line \\d+:.*$", "");
            throw new IllegalArgumentException(file + " line " + (malformed.currentLineNumber + 1) + ": " + reason +
                ": '" + malformed.currentLine + "' (ZPL: sections indented by 4 spaces, name = value)", malformed);
        }
    }
}
