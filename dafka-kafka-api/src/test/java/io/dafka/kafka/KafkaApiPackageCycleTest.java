package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The kafka-api packages ({@code io.dafka.kafka} and its sub-packages) depend on each other without a cycle: the
 * facades use the internals and the internals never use the facades. Dependencies are read from the sources:
 * every reference in code (not in comments) to a class of another kafka-api package, imported or fully qualified.
 */
class KafkaApiPackageCycleTest
{
    private static final Path SOURCES = Path.of("src/main/java");
    /** Block and line comments: a javadoc link is no dependency (a "//" inside a string cuts its line short). */
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.dafka\\.kafka(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");

    @Test
    void shouldHaveNoPackageCycleBetweenTheKafkaApiPackages()
    {
        final Map<String, Set<String>> dependencies = dependencies();
        assertThat(dependencies).as("the packages were read").containsKeys("io.dafka.kafka",
            "io.dafka.kafka.consumer.internals");
        assertThat(cycle(dependencies)).as("a package cycle").isEmpty();
    }

    @Test
    void shouldFindACycleWhereThereIsOne()
    {
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")))).containsExactly("a", "b", "c",
            "a");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of()))).isEmpty();
    }

    /** Per kafka-api package, the other kafka-api packages its sources refer to. */
    private static Map<String, Set<String>> dependencies()
    {
        final Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("io/dafka/kafka")))
        {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file ->
            {
                final String pkg = SOURCES.relativize(file.getParent()).toString().replace(file.getFileSystem()
                    .getSeparator(), ".");
                final Set<String> used = dependencies.computeIfAbsent(pkg, any -> new TreeSet<>());
                final Matcher matcher = REFERENCE.matcher(COMMENT.matcher(read(file)).replaceAll(" "));
                while (matcher.find())
                {
                    if (!matcher.group(1).equals(pkg))
                    {
                        used.add(matcher.group(1));
                    }
                }
            });
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return dependencies;
    }

    /** A cycle of the graph as the packages along it (the first repeated at the end), or empty if none. */
    private static List<String> cycle(final Map<String, Set<String>> graph)
    {
        final Set<String> done = new TreeSet<>();
        for (final String start : new TreeSet<>(graph.keySet()))
        {
            final List<String> found = cycleFrom(start, graph, new ArrayList<>(), done);
            if (!found.isEmpty())
            {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(final String node, final Map<String, Set<String>> graph,
        final List<String> path, final Set<String> done)
    {
        final int seen = path.indexOf(node);
        if (seen >= 0)
        {
            final List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            return cycle;
        }
        if (done.contains(node))
        {
            return List.of();
        }
        path.add(node);
        for (final String next : new TreeSet<>(graph.getOrDefault(node, Set.of())))
        {
            final List<String> found = cycleFrom(next, graph, path, done);
            if (!found.isEmpty())
            {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return List.of();
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
