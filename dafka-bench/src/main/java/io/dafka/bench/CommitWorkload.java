package io.dafka.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * Workload 6: {@code commitSync} of one partition's offset, back to back. Each trial opens {@value #THREADS}
 * consumers (a new group each, as a Kafka consumer serves one thread) that have read a stored record; one of them
 * commits {@link Scale#commits()} increasing offsets alone (each commit's latency into an HdrHistogram, and the
 * rate), then all of them at once from their own threads (the total rate). A commit counts as received when it
 * returned and {@code committed()} then reports the last offset of each consumer.
 */
final class CommitWorkload implements Workload
{
    static final int THREADS = 4;
    private static final String P50 = "p50";
    private static final String P99 = "p99";
    private static final String ALONE = "alone";
    private static final String TOGETHER = "together";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

    @Override
    public String name()
    {
        return "commit";
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        final Map<String, String> stored = new HashMap<>();
        for (final BenchTarget target : contenders.both())
        {
            final String topic = results.newTopic("commit stored");
            SequenceProducer.store(target, topic, 1, 100);
            stored.put(target.name(), topic);
        }
        final Map<String, List<Outcome>> measured = Trials.alternate("commit", contenders.both(), scale.warmUps(),
            scale.trials(), (target, unusedTopic) -> commits(target, stored.get(target.name()), scale.commits()),
            results);
        final List<Outcome> kafka = measured.get(contenders.kafka().name());
        final List<Outcome> dafka = measured.get(contenders.dafka().name());
        final String alone = String.format("commitSync x %,d, one thread", scale.commits());
        results.compare(alone, "p50", "ms", false, contenders.kafka().name(), kafka, dafka, P50);
        results.compare(alone, "p99", "ms", false, contenders.kafka().name(), kafka, dafka, P99);
        results.compare(alone, "commits", "commits/s", true, contenders.kafka().name(), kafka, dafka, ALONE);
        results.compare(String.format("commitSync x %,d, each of %d threads", scale.commits(), THREADS), "commits",
            "commits/s", true, contenders.kafka().name(), kafka, dafka, TOGETHER);
    }

    private static Outcome commits(final BenchTarget target, final String topic, final int commits)
    {
        final List<Consumer<byte[], byte[]>> consumers = new ArrayList<>();
        final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try
        {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < THREADS; i++)
            {
                final Consumer<byte[], byte[]> consumer = consumer(target, topic);
                consumers.add(consumer);
                partitions.add(firstPartition(consumer, topic));
            }
            final Histogram micros = new Histogram(HIGHEST_MICROS, 3);
            long returned = 0;
            long wrong = 0;
            final long aloneStart = System.nanoTime();
            for (long offset = 1; offset <= commits; offset++)
            {
                final long start = System.nanoTime();
                consumers.get(0).commitSync(Map.of(partitions.get(0), new OffsetAndMetadata(offset)));
                micros.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - start) / 1_000));
                returned++;
            }
            final double aloneRate = commits * 1e9 / (System.nanoTime() - aloneStart);
            wrong += lastCommitted(consumers.get(0), partitions.get(0)) == commits ? 0 : 1;
            final List<Future<Long>> together = new ArrayList<>();
            final long togetherStart = System.nanoTime();
            for (int i = 0; i < THREADS; i++)
            {
                final Consumer<byte[], byte[]> consumer = consumers.get(i);
                final TopicPartition partition = partitions.get(i);
                together.add(threads.submit(() ->
                {
                    for (long offset = commits + 1; offset <= 2L * commits; offset++)
                    {
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
                    }
                    return lastCommitted(consumer, partition) == 2L * commits ? 0L : 1L;
                }));
            }
            for (final Future<Long> thread : together)
            {
                wrong += thread.get(TIMEOUT.toMillis() + commits * 100L, TimeUnit.MILLISECONDS);
                returned += commits;
            }
            final double togetherRate = (double)THREADS * commits * 1e9 / (System.nanoTime() - togetherStart);
            final Map<String, Double> figures = new HashMap<>();
            figures.put(P50, micros.getValueAtPercentile(50) / 1e3);
            figures.put(P99, micros.getValueAtPercentile(99) / 1e3);
            figures.put(ALONE, aloneRate);
            figures.put(TOGETHER, togetherRate);
            return new Outcome(figures, (THREADS + 1L) * commits, returned, 0, wrong);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException("commit trial on " + target.name() + " failed", e);
        }
        finally
        {
            threads.shutdownNow();
            consumers.forEach(Consumer::close);
        }
    }

    /** A consumer of a new group, subscribed to {@code topic} from the earliest record. */
    private static Consumer<byte[], byte[]> consumer(final BenchTarget target, final String topic)
    {
        final Map<String, Object> config = new HashMap<>(target.clientConfig());
        config.put("group.id", topic + "-" + System.nanoTime());
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        final Consumer<byte[], byte[]> consumer = KafkaClientFactory.consumer(config, new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Polls until the stored record arrives; its partition. */
    private static TopicPartition firstPartition(final Consumer<byte[], byte[]> consumer, final String topic)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline)
        {
            final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            if (!records.isEmpty())
            {
                return records.partitions().iterator().next();
            }
        }
        throw new IllegalStateException("no record of " + topic + " within " + TIMEOUT);
    }

    private static long lastCommitted(final Consumer<byte[], byte[]> consumer, final TopicPartition partition)
    {
        final OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? -1 : committed.offset();
    }
}
