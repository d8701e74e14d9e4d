package io.dafka.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Child JVM of the contract suite's failover scenario: {@code PROPERTIES TOPIC GROUP}. A member of {@code GROUP},
 * built by {@link KafkaClientFactory} from the client settings in the file {@code PROPERTIES} (so it runs on Dafka
 * or on a real broker, as the test does), that subscribes to {@code TOPIC} and prints, until killed:
 * <ul>
 *   <li>{@code ASSIGNED [p, p...]} when its assignment changed;</li>
 *   <li>{@code RECEIVED p offset} for each record;</li>
 *   <li>after each poll that returned records, {@code COMMITTED p offset} for each partition once
 *       {@code commitSync} returned (the offset is the next one to read), or {@code COMMIT-FAILED reason};</li>
 *   <li>{@code STOPPED-COMMITTING} once it read {@value #STOP_COMMITTING} on its stdin: from then on it receives
 *       records and commits none, so that it dies with records it processed after its last commit.</li>
 * </ul>
 */
public final class GroupMemberChild
{
    static final String STOP_COMMITTING = "STOP-COMMITTING";

    private static volatile boolean stopRequested;

    private GroupMemberChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Properties settings = new Properties();
        try (Reader file = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8))
        {
            settings.load(file);
        }
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, args[2]);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        listenForStop();
        try (Consumer<String, String> consumer = KafkaClientFactory.consumer(settings))
        {
            consumer.subscribe(List.of(args[1]));
            Set<TopicPartition> assigned = Set.of();
            boolean committing = true;
            while (true)
            {
                final ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (!consumer.assignment().equals(assigned))
                {
                    assigned = Set.copyOf(consumer.assignment());
                    final Set<Integer> numbers = new TreeSet<>();
                    assigned.forEach(partition -> numbers.add(partition.partition()));
                    System.out.println("ASSIGNED " + numbers);
                }
                final Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                for (final ConsumerRecord<String, String> record : records)
                {
                    System.out.println("RECEIVED " + record.partition() + " " + record.offset());
                    commits.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                }
                if (committing && !commits.isEmpty())
                {
                    commit(consumer, commits);
                }
                if (committing && stopRequested)
                {
                    committing = false; // every record received so far was committed (or reported failed) above
                    System.out.println("STOPPED-COMMITTING");
                }
            }
        }
    }

    private static void commit(final Consumer<String, String> consumer,
        final Map<TopicPartition, OffsetAndMetadata> commits)
    {
        try
        {
            consumer.commitSync(commits);
            commits.forEach((partition, offset) ->
                System.out.println("COMMITTED " + partition.partition() + " " + offset.offset()));
        }
        catch (final KafkaException e)
        {
            System.out.println("COMMIT-FAILED " + commits.keySet() + " " + e);
        }
    }

    /** What a {@code GroupMemberChild} printed, read back by the test: assignment, records and commits. */
    static final class Output
    {
        private final Set<Integer> assigned = new TreeSet<>();
        private final Map<Integer, Set<Long>> received = new TreeMap<>();
        private final Map<Integer, Long> committed = new TreeMap<>();
        private final List<String> commitFailures = new ArrayList<>();
        private boolean stoppedCommitting;

        private Output()
        {
        }

        /** The lines of a child (its log lines among them, which are skipped). */
        static Output of(final List<String> lines)
        {
            final Output output = new Output();
            for (final String line : lines)
            {
                final String[] words = line.split(" ");
                switch (words[0])
                {
                    case "ASSIGNED" ->
                    {
                        output.assigned.clear();
                        final String list = line.substring("ASSIGNED [".length(), line.length() - 1);
                        for (final String number : list.isEmpty() ? new String[0] : list.split(", "))
                        {
                            output.assigned.add(Integer.parseInt(number));
                        }
                    }
                    case "RECEIVED" -> output.received.computeIfAbsent(Integer.parseInt(words[1]),
                        any -> new TreeSet<>()).add(Long.parseLong(words[2]));
                    case "COMMITTED" -> output.committed.put(Integer.parseInt(words[1]), Long.parseLong(words[2]));
                    case "COMMIT-FAILED" -> output.commitFailures.add(line);
                    case "STOPPED-COMMITTING" -> output.stoppedCommitting = true;
                    default ->
                    {
                        // a log line
                    }
                }
            }
            return output;
        }

        /** The partitions of its last {@code ASSIGNED} line. */
        Set<Integer> assigned()
        {
            return Set.copyOf(assigned);
        }

        /** The offsets it received of {@code partition}. */
        Set<Long> received(final int partition)
        {
            return received.getOrDefault(partition, Set.of());
        }

        /** Its last commit of each partition (the next offset to read), by partition. */
        Map<Integer, Long> committed()
        {
            return Map.copyOf(committed);
        }

        List<String> commitFailures()
        {
            return List.copyOf(commitFailures);
        }

        boolean stoppedCommitting()
        {
            return stoppedCommitting;
        }
    }

    /** A daemon thread that notes {@value #STOP_COMMITTING} on stdin; the consumer stays on the main thread. */
    private static void listenForStop()
    {
        final Thread listener = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); line != null; line = in.readLine())
                {
                    if (line.equals(STOP_COMMITTING))
                    {
                        stopRequested = true;
                    }
                }
            }
            catch (final IOException ignored)
            {
                // the parent is gone
            }
        }, "stdin");
        listener.setDaemon(true);
        listener.start();
    }
}
