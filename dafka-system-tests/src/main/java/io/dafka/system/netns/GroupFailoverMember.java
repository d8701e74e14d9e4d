package io.dafka.system.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;

import io.dafka.kafka.KafkaClientFactory;
import io.dafka.system.OffsetRuns;

/**
 * One member of {@link GroupFailoverScenario}'s group, the main of a child JVM in a network namespace:
 * {@code HOST TOWER_SUB TOWER_PUB TOPIC GROUP SESSION_MS}. A Kafka consumer on Dafka (offsets kept by the stores,
 * no automatic commits) that, after each poll, processes the batch (prints it) and commits exactly what it processed
 * with {@code commitSync}; every rebalance callback, commit and failure is printed in the format
 * {@link io.dafka.system.MemberLog} reads. Exceptions of {@code poll} and {@code commitSync} are printed and the
 * loop goes on, as an application that survives them would. A line "stop" on stdin (or the parent gone) closes the
 * consumer, which leaves the group.
 */
public final class GroupFailoverMember
{
    /** Beyond the session timeout: a commit or read that cannot reach a store gives up within this. */
    private static final int API_TIMEOUT_MS = 8_000;

    private GroupFailoverMember()
    {
    }

    public static void main(final String[] args)
    {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn"); // not their whole configuration
        final String topic = args[3];
        final AtomicBoolean stop = stopOnStdin();
        try (Consumer<Long, Long> consumer = KafkaClientFactory.consumer(
            settings(args[0], args[1], args[2], args[4], Integer.parseInt(args[5]))))
        {
            subscribe(consumer, topic);
            while (!stop.get())
            {
                final ConsumerRecords<Long, Long> records;
                try
                {
                    records = consumer.poll(Duration.ofMillis(100));
                }
                catch (final KafkaException e)
                {
                    print("POLL-FAILED", e.getClass().getSimpleName() + " " + e.getMessage());
                    continue;
                }
                final long polledAt = System.currentTimeMillis();
                final Map<TopicPartition, OffsetAndMetadata> batch = new LinkedHashMap<>();
                for (final TopicPartition partition : records.partitions())
                {
                    final List<ConsumerRecord<Long, Long>> mine = records.records(partition);
                    System.out.println("PROCESSED " + polledAt + " " + partition.partition() + OffsetRuns.of(mine));
                    for (final ConsumerRecord<Long, Long> record : mine)
                    {
                        if (record.value() == null || record.value() != record.offset())
                        {
                            print("WRONG", partition.partition() + " " + record.offset() + " " + record.value());
                        }
                    }
                    batch.put(partition, new OffsetAndMetadata(mine.get(mine.size() - 1).offset() + 1));
                }
                if (!batch.isEmpty())
                {
                    commit(consumer, batch);
                }
            }
        }
        print("CLOSED", "");
        System.exit(0);
    }

    private static void subscribe(final Consumer<Long, Long> consumer, final String topic)
    {
        final ConsumerRebalanceListener listener = new ConsumerRebalanceListener()
        {
            @Override
            public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
            {
                print("REVOKED", numbers(partitions));
            }

            @Override
            public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
            {
                print("ASSIGNED", numbers(partitions));
            }

            @Override
            public void onPartitionsLost(final Collection<TopicPartition> partitions)
            {
                print("LOST", numbers(partitions));
            }
        };
        while (true)
        {
            try
            {
                consumer.subscribe(List.of(topic), listener); // reads the group's offsets from the stores
                print("SUBSCRIBED", "");
                return;
            }
            catch (final KafkaException e)
            {
                print("SUBSCRIBE-FAILED", e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
    }

    private static void commit(final Consumer<Long, Long> consumer, final Map<TopicPartition, OffsetAndMetadata> batch)
    {
        final long started = System.currentTimeMillis();
        try
        {
            consumer.commitSync(batch);
            final StringBuilder offsets = new StringBuilder(Long.toString(started));
            batch.forEach((partition, offset) ->
                offsets.append(' ').append(partition.partition()).append(' ')
                    .append(offset.offset()));
            print("COMMITTED", offsets.toString());
        }
        catch (final KafkaException e)
        {
            print("COMMIT-FAILED", e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    static Map<String, Object> settings(final String host, final String towerSub, final String towerPub,
        final String group, final int sessionMs)
    {
        final Map<String, Object> settings = new HashMap<>(GroupFailoverHub.clientSettings(host, towerSub, towerPub));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMs);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        settings.put("dafka.consumer.offsets.storage", "stores"); // every member reads the others' commits
        return settings;
    }

    /** Prints "KIND wall-clock-ms text", as one line. */
    private static void print(final String kind, final String text)
    {
        System.out.println(kind + " " + System.currentTimeMillis() + (text.isEmpty() ? "" : " " +
            text.replace('\n', ' ')));
    }

    private static String numbers(final Collection<TopicPartition> partitions)
    {
        final TreeSet<Integer> numbers = new TreeSet<>();
        partitions.forEach(partition -> numbers.add(partition.partition()));
        final StringBuilder text = new StringBuilder();
        numbers.forEach(number -> text.append(text.isEmpty() ? "" : ",").append(number));
        return text.isEmpty() ? "-" : text.toString();
    }

    private static AtomicBoolean stopOnStdin()
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); line != null && !line.trim().equals("stop"); line = in.readLine())
                {
                    // only "stop" means something
                }
            }
            catch (final IOException gone)
            {
                // parent gone
            }
            stop.set(true);
        }, "stdin-stop");
        reader.setDaemon(true);
        reader.start();
        return stop;
    }
}
