package io.dafka.realkafka;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The broker runtime that Maven resolved in the {@code real-kafka-broker} module: its Kafka version and its class
 * path, read from the two resources that module writes at build time.
 */
final class KafkaRuntime
{
    private static final String CLASS_PATH = "kafka-broker.classpath";
    private static final String PROPERTIES = "kafka-broker.properties";

    private KafkaRuntime()
    {
    }

    /** The Kafka version of the broker jars, e.g. {@code 4.3.1}. */
    static String version()
    {
        final Properties properties = new Properties();
        try (InputStream in = open(PROPERTIES))
        {
            properties.load(in);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("kafka.version");
    }

    /**
     * The broker's jars, in Maven's order.
     *
     * @throws IllegalStateException if a jar is gone from the local Maven repository
     */
    static List<Path> classPath()
    {
        final String text;
        try (InputStream in = open(CLASS_PATH))
        {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        final List<Path> jars = new ArrayList<>();
        for (final String entry : text.split(File.pathSeparator))
        {
            final Path jar = Path.of(entry.trim());
            if (!Files.isRegularFile(jar))
            {
                throw new IllegalStateException("Kafka broker jar " + jar + " is missing: rebuild real-kafka-broker " +
                    "(mvn -pl real-kafka-broker package) to resolve it again");
            }
            jars.add(jar);
        }
        return jars;
    }

    /** Where this module's own classes are (a directory or a jar), for the child JVM's launcher. */
    static Path ownCodeLocation()
    {
        try
        {
            return Path.of(KafkaRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream open(final String resource)
    {
        final InputStream in = KafkaRuntime.class.getResourceAsStream(resource);
        if (in == null)
        {
            throw new IllegalStateException("no " + resource + " next to " + KafkaRuntime.class.getName() +
                ": io.dafka:real-kafka-broker must be on the class path");
        }
        return in;
    }
}
