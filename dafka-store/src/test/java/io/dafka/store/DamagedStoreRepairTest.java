package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;
import io.dafka.transport.Metric;

/**
 * Bytes flipped in a running store's segments: late consumers still get every record intact, the damaged store
 * repairs itself from its peer without a restart, and with no peer the consumer skips the lost range (counted)
 * instead of waiting forever.
 */
@Timeout(120)
class DamagedStoreRepairTest extends WithLoopbackTower
{
    private static final String TOPIC = "damaged";
    private static final int RECORDS = 600;
    private static final int PAYLOAD = 100;
    private static final int FRAME = 24 + PAYLOAD;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void shouldRepairDamagedSegmentsFromAPeerStoreWhileRunning() throws IOException
    {
        try (DurableRecordStore damaged = DurableRecordStore.open(first, storeConfig("store.scrub.interval", 0));
             DurableRecordStore healthy = DurableRecordStore.open(second, storeConfig()))
        {
            try (StoreNode damagedNode = StoreNode.start(config(), damaged);
                 StoreNode healthyNode = StoreNode.start(config(), healthy))
            {
                final String partition = produce();
                await().atMost(WAIT).until(() -> damaged.head(TOPIC, partition) == RECORDS - 1 &&
                    healthy.head(TOPIC, partition) == RECORDS - 1);
                final List<Path> segments = segmentFiles(first);
                flip(segments.get(1), 16 + 5L * FRAME + 24 + 30, 16);                      // a sealed segment
                flip(segments.get(segments.size() - 1), 16 + 2L * FRAME + 24 + 30, 16);    // the newest one

                assertThat(readAll(config("consumer.offset.reset", "earliest"))).as("a late consumer")
                    .containsExactlyElementsOf(expected());
                await().atMost(WAIT).untilAsserted(() -> assertThat(intact(damaged, partition)).isTrue());

                assertThat(damaged.corruptReads()).isPositive();
                assertThat(segmentFiles(first)).containsAll(segments);
                assertThat(damagedNode.writerMetrics().get(Metric.RECORDS_STORED)).isGreaterThanOrEqualTo(RECORDS + 2);
            }
            try (StoreNode alone = StoreNode.start(config(), damaged))
            {
                assertThat(readAll(config("consumer.offset.reset", "earliest"))).as("the repaired store alone")
                    .containsExactlyElementsOf(expected());
            }
        }
    }

    @Test
    void shouldRepairDamageAConsumerFindsInTheNewestSegmentFromAPeerStore() throws IOException
    {
        try (DurableRecordStore damaged = DurableRecordStore.open(first, storeConfig());
             DurableRecordStore healthy = DurableRecordStore.open(second, storeConfig()))
        {
            try (StoreNode damagedNode = StoreNode.start(config(), damaged);
                 StoreNode healthyNode = StoreNode.start(config(), healthy))
            {
                final String partition = produce();
                await().atMost(WAIT).until(() -> damaged.head(TOPIC, partition) == RECORDS - 1 &&
                    healthy.head(TOPIC, partition) == RECORDS - 1);
                final List<Path> segments = segmentFiles(first);
                flip(segments.get(1), 16 + 5L * FRAME + 24 + 30, 16);
                flip(segments.get(segments.size() - 1), 16 + 2L * FRAME + 24 + 30, 16);

                assertThat(readAll(config("consumer.offset.reset", "earliest"))).containsExactlyElementsOf(expected());
                assertThat(readAll(config("consumer.offset.reset", "earliest"))).containsExactlyElementsOf(expected());
                await().atMost(WAIT).untilAsserted(() -> assertThat(damaged.corruptReads()).isEqualTo(2));
                await().atMost(WAIT).untilAsserted(() -> assertThat(intact(damaged, partition)).isTrue());
            }
        }
    }

    @Test
    void shouldLetAConsumerSkipDamagedRecordsNoPeerHoldsRatherThanWaitForever() throws IOException
    {
        try (DurableRecordStore only = DurableRecordStore.open(first, storeConfig("store.repair.timeout", 500)))
        {
            try (StoreNode node = StoreNode.start(config(), only))
            {
                final String partition = produce();
                await().atMost(WAIT).until(() -> only.head(TOPIC, partition) == RECORDS - 1);
                final List<Path> segments = segmentFiles(first);
                final long perSegment = (4096 - 16) / FRAME;
                flip(segments.get(1), 16 + 5L * FRAME + 24 + 30, 16);
                final long lost = perSegment + 5;

                try (ConsumerNode late = ConsumerNode.start(config("consumer.offset.reset", "earliest",
                    "consumer.fetch.retry_interval", 200)))
                {
                    late.subscribe(TOPIC);
                    final Collected collected = new Collected();
                    assertThat(collected.pollUntil(late, c -> c.size() >= RECORDS - 1, WAIT)).isTrue();

                    assertThat(collected.all()).extracting(ConsumedRecord::sequence).doesNotContain(lost)
                        .doesNotHaveDuplicates().isSorted();
                    assertThat(late.metrics().get(Metric.RECORDS_SKIPPED)).isEqualTo(1);
                    for (final ConsumedRecord record : collected.all())
                    {
                        assertThat(record.content()).isEqualTo(payload(record.sequence()));
                    }
                }
            }
        }
    }

    /** Sends the records, waits for their ACKs and closes: only the stores hold them afterwards. */
    private String produce()
    {
        try (ProducerNode producer = ProducerNode.start(config()))
        {
            for (int sequence = 0; sequence < RECORDS; sequence++)
            {
                producer.send(TOPIC, payload(sequence));
            }
            assertThat(producer.flush(WAIT)).isTrue();
            return producer.partitionAddress(TOPIC);
        }
    }

    private List<Long> readAll(final DafkaConfig consumerConfig)
    {
        try (ConsumerNode consumer = ConsumerNode.start(consumerConfig))
        {
            consumer.subscribe(TOPIC);
            final Collected collected = new Collected();
            assertThat(collected.pollUntil(consumer, c -> c.size() >= RECORDS, WAIT)).isTrue();
            for (final ConsumedRecord record : collected.all())
            {
                assertThat(record.content()).as("record " + record.sequence()).isEqualTo(payload(record.sequence()));
            }
            return collected.all().stream().map(ConsumedRecord::sequence).toList();
        }
    }

    /** Whether the store serves every record, each with its right content. */
    private static boolean intact(final RecordStore store, final String partition)
    {
        final long[] next = {0};
        store.read(TOPIC, partition, 0, Integer.MAX_VALUE, (sequence, content) ->
        {
            if (sequence == next[0] && Arrays.equals(content, payload(sequence)))
            {
                next[0]++;
            }
        });
        return next[0] == RECORDS;
    }

    private static List<Long> expected()
    {
        return java.util.stream.LongStream.range(0, RECORDS).boxed().toList();
    }

    private static byte[] payload(final long sequence)
    {
        final byte[] content = new byte[PAYLOAD];
        final byte[] text = ("record " + sequence).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, content, 0, text.length);
        return content;
    }

    private DafkaConfig config(final Object... overrides)
    {
        return Loopback.nodeConfig(tower, overrides);
    }

    private static DafkaConfig storeConfig(final Object... overrides)
    {
        final Object[] settings = Arrays.copyOf(new Object[] {"store.index.entries", 1000, "store.segment.bytes", 4096,
            "store.scrub.interval", 200, "store.scrub.rate", 1L << 30, "store.fetch.retry_interval", 200},
            10 + overrides.length);
        System.arraycopy(overrides, 0, settings, 10, overrides.length);
        final java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2)
        {
            map.put((String)settings[i], settings[i + 1]);
        }
        return DafkaConfig.of(map);
    }

    private static List<Path> segmentFiles(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory.resolve("partitions")))
        {
            return files.filter(path -> path.toString().endsWith(".log")).sorted().toList();
        }
    }

    private static void flip(final Path file, final long position, final int count) throws IOException
    {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
        {
            for (long at = position; at < position + count; at++)
            {
                raw.seek(at);
                final int value = raw.read();
                raw.seek(at);
                raw.write(value ^ 0x10);
            }
        }
    }
}
