package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.testing.ChildJvm;

/**
 * A member of a consumer group in a child JVM is killed with SIGKILL: the survivor takes its partitions within the
 * session timeout (plus slack for a busy machine) and no record is lost. Each process keeps its committed offsets
 * in its own directory here (one process at a time may hold a group's offsets file on a host), so the survivor
 * resumes the killed member's partitions at or before its last commit.
 */
class GroupFailoverTest
{
    private static final int SESSION_MS = 3_000;
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    /** The settings of a member of {@code group} with a session timeout of {@code sessionMs}. */
    static Map<String, Object> memberSettings(final String group, final int sessionMs)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMs);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        return settings;
    }

    @Test
    void shouldHandTheKilledMembersPartitionsToTheSurvivorWithinTheSessionTimeoutLosingNoRecord() throws Exception
    {
        final String topic = "failover-" + UUID.randomUUID().toString().substring(0, 8);
        final String group = "group-" + UUID.randomUUID();
        final Map<TopicPartition, Set<Long>> survivorGot = new TreeMap<>(
            java.util.Comparator.comparing(TopicPartition::toString));
        try (EmbeddedDafka dafka = new EmbeddedDafka(directory.resolve("survivor")))
        {
            final List<Producer<String, String>> producers = new ArrayList<>();
            try (ChildJvm child = startChild(dafka, topic, group);
                 Consumer<String, String> survivor = survivor(dafka, group))
            {
                for (int i = 0; i < PARTITIONS; i++)
                {
                    producers.add(producer(dafka));
                }
                sendToEach(producers, topic, 20);
                child.awaitLine("ASSIGNED [", WAIT);
                survivor.subscribe(List.of(topic)); // joins the child's group: they split the partitions
                final long settleDeadline = System.nanoTime() + WAIT.toNanos();
                while ((survivor.assignment().isEmpty() || survivor.assignment().size() == PARTITIONS) &&
                    System.nanoTime() < settleDeadline)
                {
                    pollInto(survivor, survivorGot);
                }
                final Set<TopicPartition> survivorOwned = Set.copyOf(survivor.assignment());
                assertThat(survivorOwned).as("the group split the partitions").isNotEmpty().hasSizeLessThan(PARTITIONS);
                sendToEach(producers, topic, 10);
                child.awaitLine("COMMITTED", WAIT);
                pollInto(survivor, survivorGot);
                assertThat(survivorGot.keySet()).as("before the kill, only its own partitions")
                    .isSubsetOf(survivorOwned);

                final long killedAt = System.nanoTime();
                child.kill();
                final long deadline = killedAt + WAIT.toNanos();
                while (survivor.assignment().size() < PARTITIONS && System.nanoTime() < deadline)
                {
                    pollInto(survivor, survivorGot);
                }
                final long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                System.out.println("GroupFailoverTest: the survivor held every partition " + failoverMs +
                    " ms after the SIGKILL (session.timeout.ms " + SESSION_MS + ")");
                assertThat(survivor.assignment()).hasSize(PARTITIONS);
                assertThat(failoverMs).as("within the session timeout plus slack").isLessThan(SESSION_MS + 15_000L);

                sendToEach(producers, topic, 10);
                final Map<Integer, Set<Long>> childGot = received(child.allLines());
                while (!complete(survivorGot, childGot, 40) && System.nanoTime() < deadline)
                {
                    pollInto(survivor, survivorGot);
                }
                assertThat(complete(survivorGot, childGot, 40)).as("every record processed, by one member or the " +
                    "other: child %s, survivor %s", childGot, survivorGot).isTrue();
            }
            finally
            {
                producers.forEach(Producer::close);
            }
        }
    }

    private ChildJvm startChild(final EmbeddedDafka dafka, final String topic, final String group) throws Exception
    {
        final Map<String, Object> config = dafka.clientConfig();
        return ChildJvm.start(GroupMemberChild.class, (String)config.get("dafka.tower.sub.endpoints"),
            (String)config.get("dafka.tower.pub.endpoints"), topic, group, directory.resolve("child").toString(),
            Integer.toString(SESSION_MS));
    }

    private static Consumer<String, String> survivor(final EmbeddedDafka dafka, final String group)
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.putAll(memberSettings(group, SESSION_MS));
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return KafkaClientFactory.consumer(settings);
    }

    private static Producer<String, String> producer(final EmbeddedDafka dafka)
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return KafkaClientFactory.producer(settings);
    }

    private static void sendToEach(final List<Producer<String, String>> producers, final String topic,
        final int count) throws Exception
    {
        for (final Producer<String, String> producer : producers)
        {
            for (int i = 0; i < count; i++)
            {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void pollInto(final Consumer<String, String> consumer, final Map<TopicPartition, Set<Long>> got)
    {
        for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100)))
        {
            got.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), any -> new TreeSet<>())
                .add(record.offset());
        }
    }

    /** The offsets of the child's {@code RECEIVED p offset} lines, by partition number. */
    private static Map<Integer, Set<Long>> received(final List<String> lines)
    {
        final Map<Integer, Set<Long>> got = new TreeMap<>();
        for (final String line : lines)
        {
            if (line.startsWith("RECEIVED "))
            {
                final String[] words = line.split(" ");
                got.computeIfAbsent(Integer.parseInt(words[1]), any -> new TreeSet<>()).add(Long.parseLong(words[2]));
            }
        }
        return got;
    }

    /** Whether the two members together received offsets 0..perPartition-1 of {@link #PARTITIONS} partitions. */
    private static boolean complete(final Map<TopicPartition, Set<Long>> survivor, final Map<Integer, Set<Long>> child,
        final int perPartition)
    {
        final Map<Integer, Set<Long>> all = new HashMap<>();
        child.forEach((partition, offsets) -> all.computeIfAbsent(partition, any -> new HashSet<>()).addAll(offsets));
        survivor.forEach((partition, offsets) ->
            all.computeIfAbsent(partition.partition(), any -> new HashSet<>()).addAll(offsets));
        return all.size() == PARTITIONS && all.values().stream().allMatch(offsets -> offsets.size() == perPartition &&
            offsets.stream().allMatch(offset -> offset >= 0 && offset < perPartition));
    }
}
