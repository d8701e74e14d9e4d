package io.dafka.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * Workload 3: time from consumer construction to the first of the records already stored: construction,
 * subscribe (or assign) and polls until a poll returns a record, which must be the first one stored. Kafka with a
 * {@code group.id} (subscribe: group join) and without one (assign + seekToBeginning); Dafka subscribes with
 * {@code auto.offset.reset=earliest} in both comparisons.
 */
final class FirstRecordWorkload implements Workload
{
    private static final String FIGURE = "ms";
    private static final int SIZE = 100;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name()
    {
        return "first-record";
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        final Map<String, String> stored = new HashMap<>();
        for (final BenchTarget target : contenders.both())
        {
            final String topic = results.newTopic("first-record stored");
            SequenceProducer.store(target, topic, scale.storedRecords(), SIZE);
            stored.put(target.name(), topic);
        }
        final String workload = String.format("first record of %,d stored", scale.storedRecords());
        compare(contenders, scale, results, workload, true, stored);
        compare(contenders, scale, results, workload, false, stored);
    }

    private void compare(final Contenders contenders, final Scale scale, final Results results, final String workload,
                         final boolean kafkaGroup, final Map<String, String> stored)
    {
        final String variant = kafkaGroup ? "Kafka with group.id" : "Kafka without group.id";
        final Map<String, List<Outcome>> measured = Trials.alternate(
            "first record " + (kafkaGroup ? "group" : "no group"), contenders.both(), scale.warmUps(), scale.trials(),
            (target, unusedTopic) -> firstRecord(target, stored.get(target.name()),
                kafkaGroup || target != contenders.kafka()), results);
        results.compare(workload, variant, "ms", false, contenders.kafka().name(),
            measured.get(contenders.kafka().name()), measured.get(contenders.dafka().name()), FIGURE);
    }

    /** Constructs a consumer and polls until the first stored record arrives; times it. */
    private static Outcome firstRecord(final BenchTarget target, final String topic, final boolean subscribe)
    {
        final Map<String, Object> config = new HashMap<>(target.clientConfig());
        config.put("enable.auto.commit", "false");
        if (subscribe)
        {
            config.put("group.id", topic + "-" + System.nanoTime());
            config.put("auto.offset.reset", "earliest");
        }
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        final long start = System.nanoTime();
        try (Consumer<byte[], byte[]> consumer = KafkaClientFactory.consumer(config, new ByteArrayDeserializer(),
            new ByteArrayDeserializer()))
        {
            if (subscribe)
            {
                consumer.subscribe(List.of(topic));
            }
            else
            {
                final List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            while (System.nanoTime() < deadline)
            {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty())
                {
                    final long elapsed = System.nanoTime() - start;
                    final long first = ByteBuffer.wrap(records.iterator().next().value()).getLong(0);
                    return new Outcome(Map.of(FIGURE, elapsed / 1e6), 1, first == 0 ? 1 : 0, 0, 0);
                }
            }
        }
        return new Outcome(Map.of(FIGURE, TIMEOUT.toMillis() * 1.0), 1, 0, 0, 0);
    }
}
