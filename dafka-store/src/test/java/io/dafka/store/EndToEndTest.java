package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;
import io.dafka.transport.Metric;

/**
 * End-to-end scenarios 21-23 and 25 of docs/protocol.md#behaviour-scenarios and loss recovery, with real engines
 * over TCP on loopback.
 */
@Timeout(120)
class EndToEndTest extends WithLoopbackTower
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldDeliverRecordsPublishedBeforeAndAfterSubscribingInOrderExactlyOnce()
    {
        try (InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(config(), records);
             ProducerNode producer = ProducerNode.start(config()))
        {
            producer.send("hello", bytes("M1"));
            assertThat(producer.flush(WAIT)).as("M1 stored before the consumer exists").isTrue();
            try (ConsumerNode consumer = ConsumerNode.start(config("consumer.offset.reset", "earliest")))
            {
                consumer.subscribe("hello");
                producer.send("hello", bytes("M2"));
                producer.send("hello", bytes("M3"));
                final Collected collected = new Collected();
                assertThat(collected.pollUntil(consumer, c -> c.size() >= 3, WAIT)).isTrue();
                assertThat(collected.texts()).containsExactly("M1", "M2", "M3");
                assertThat(collected.pollUntil(consumer, c -> c.size() > 3, Duration.ofMillis(300))).isFalse();
            }
        }
    }

    @Test
    void shouldStartALatestConsumerAfterWhatWasPublishedBeforeItSubscribed()
    {
        // A long HEAD interval: the consumer must learn of the partition from M2 (or HEAD(1)), never HEAD(0).
        try (ProducerNode producer = ProducerNode.start(config("producer.head_interval", 5000)))
        {
            producer.send("hello", bytes("M1"));
            try (ConsumerNode consumer = ConsumerNode.start(config("consumer.offset.reset", "latest")))
            {
                consumer.subscribe("hello");
                awaitPeers(consumer, 1);
                producer.send("hello", bytes("M2"));
                final Collected collected = new Collected();
                assertThat(collected.pollUntil(consumer, c -> c.size() >= 1, WAIT)).isTrue();
                assertThat(collected.texts()).containsExactly("M2");
            }
            try (InMemoryRecordStore records = new InMemoryRecordStore();
                 StoreNode store = StoreNode.start(config(), records))
            {
                assertThat(producer.close(WAIT)).as("a store added afterwards acknowledges everything").isTrue();
                assertThat(records.head("hello", producer.partitionAddress("hello"))).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldServeALateEarliestConsumerFromTheStoreAfterTheProducerIsGone()
    {
        try (InMemoryRecordStore records = new InMemoryRecordStore())
        {
            final String partition;
            final ProducerNode producer = ProducerNode.start(config());
            try
            {
                producer.send("TEST", bytes("1"));
                producer.send("TEST", bytes("2"));
                try (StoreNode store = StoreNode.start(config(), records))
                {
                    producer.send("TEST", bytes("3"));
                    assertThat(producer.close(WAIT)).as("close waits for the store's ACK").isTrue();
                    partition = producer.partitionAddress("TEST");
                    try (ConsumerNode consumer = ConsumerNode.start(config("consumer.offset.reset", "earliest")))
                    {
                        consumer.subscribe("TEST");
                        final Collected collected = new Collected();
                        assertThat(collected.pollUntil(consumer, c -> c.size() >= 3, WAIT)).isTrue();
                        assertThat(collected.texts()).containsExactly("1", "2", "3");
                        assertThat(collected.sequences("TEST", partition)).containsExactly(0L, 1L, 2L);
                    }
                }
            }
            finally
            {
                producer.close(Duration.ZERO);
            }
        }
    }

    @Test
    void shouldLetALatestConsumerLearnFromStoresOfAPartitionWhoseProducerIsGone()
    {
        try (InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(config(), records))
        {
            final String partition;
            try (ProducerNode producer = ProducerNode.start(config()))
            {
                for (int i = 0; i < 5; i++)
                {
                    producer.send("gone", bytes("r" + i));
                }
                assertThat(producer.close(WAIT)).isTrue();
                partition = producer.partitionAddress("gone");
            }
            try (ConsumerNode consumer = ConsumerNode.start(config("consumer.offset.reset", "latest",
                "consumer.discovery", "stores")))
            {
                consumer.subscribe("gone");
                final Collected collected = new Collected();
                assertThat(collected.pollUntil(consumer, c -> c.size() >= 1, WAIT)).isTrue();
                assertThat(consumer.partitions("gone")).singleElement().satisfies(p ->
                {
                    assertThat(p.partition()).isEqualTo(partition);
                    assertThat(p.head()).isEqualTo(4);
                });
                assertThat(collected.texts()).as("latest starts at the head record, as in C").containsExactly("r4");
            }
        }
    }

    @Test
    void shouldCarryOneHundredThousandRecordsThroughProducerStoreAndConsumersWithoutLoss()
    {
        final int count = 100_000;
        try (InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(config(), records);
             ConsumerNode live = ConsumerNode.start(config("consumer.offset.reset", "latest"));
             ProducerNode producer = ProducerNode.start(config()))
        {
            live.subscribe("perf");
            awaitPeers(live, 3);
            final byte[] payload = new byte[100];
            for (int i = 0; i < count; i++)
            {
                producer.send("perf", sequenced(payload, i));
            }
            final String partition = producerPartition(producer, "perf");
            final Collected liveRecords = new Collected();
            assertThat(liveRecords.pollUntil(live, c -> lastSequence(c, "perf", partition) == count - 1, WAIT))
                .as("live consumer reaches the end").isTrue();
            final List<ConsumedRecord> seen = liveRecords.partition("perf", partition);
            assertThat(Collected.consecutive(seen, seen.get(0).sequence())).as("no loss, duplicate or reordering").isTrue();
            assertThat(seen).allMatch(r -> sequenceOf(r.content()) == r.sequence());
            assertThat(producer.flush(WAIT)).isTrue();
            assertThat(records.head("perf", partition)).isEqualTo(count - 1);

            try (ConsumerNode late = ConsumerNode.start(config("consumer.offset.reset", "earliest")))
            {
                late.subscribe("perf");
                final Collected all = new Collected();
                assertThat(all.pollUntil(late, c -> c.size() >= count, WAIT)).isTrue();
                assertThat(all.size()).isEqualTo(count);
                assertThat(Collected.consecutive(all.partition("perf", partition), 0)).isTrue();
                assertThat(all.all()).allMatch(r -> sequenceOf(r.content()) == r.sequence());
            }
        }
    }

    @Test
    void shouldRecoverEveryLiveRecordLostOnTheWireFromTheStoreAndTheProducer()
    {
        final int count = 20_000;
        final SplittableRandom random = new SplittableRandom(42);
        final boolean[] lost = new boolean[count];
        for (int i = 0; i < count; i++)
        {
            lost[i] = i % 1000 < 50 || random.nextInt(100) < 5; // bursts of 50 plus 5 % scattered loss
        }
        try (InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(config(), records);
             ConsumerNode consumer = ConsumerNode.start(config("consumer.offset.reset", "earliest",
                 "consumer.fetch.retry_interval", 200), Clock.SYSTEM,
                 (topic, partition, sequence) -> sequence >= count || !lost[(int)sequence]);
             ProducerNode producer = ProducerNode.start(config("producer.head_interval", 100)))
        {
            consumer.subscribe("gaps");
            awaitPeers(consumer, 3);
            final byte[] payload = new byte[16];
            for (int i = 0; i < count; i++)
            {
                producer.send("gaps", sequenced(payload, i));
            }
            final String partition = producerPartition(producer, "gaps");
            final Collected collected = new Collected();
            assertThat(collected.pollUntil(consumer, c -> c.size() >= count, WAIT)).isTrue();
            assertThat(collected.pollUntil(consumer, c -> c.size() > count, Duration.ofMillis(300))).isFalse();
            assertThat(Collected.consecutive(collected.partition("gaps", partition), 0)).isTrue();
            assertThat(collected.all()).allMatch(r -> sequenceOf(r.content()) == r.sequence());
            assertThat(consumer.metrics().get(Metric.FETCHES_SENT)).isPositive();
        }
    }

    @Test
    void shouldDeliverEveryPartitionCompleteAndInOrderWithThreeProducersTwoConsumersAndTwoStores()
    {
        final int perProducer = 50_000;
        try (InMemoryRecordStore records1 = new InMemoryRecordStore();
             InMemoryRecordStore records2 = new InMemoryRecordStore();
             StoreNode store1 = StoreNode.start(config(), records1);
             StoreNode store2 = StoreNode.start(config(), records2);
             ConsumerNode consumer1 = ConsumerNode.start(config("consumer.offset.reset", "earliest"));
             ConsumerNode consumer2 = ConsumerNode.start(config("consumer.offset.reset", "earliest"));
             ProducerNode producer1 = ProducerNode.start(config());
             ProducerNode producer2 = ProducerNode.start(config());
             ProducerNode producer3 = ProducerNode.start(config());
             ProducerNode other = ProducerNode.start(config()))
        {
            consumer1.subscribe("t");
            consumer2.subscribe("t");
            final List<ProducerNode> producers = List.of(producer1, producer2, producer3);
            final byte[] payload = new byte[64];
            for (int i = 0; i < perProducer; i++)
            {
                for (final ProducerNode producer : producers)
                {
                    producer.send("t", sequenced(payload, i));
                }
                if (i % 10 == 0)
                {
                    other.send("t2", sequenced(payload, i));
                }
            }
            for (final ConsumerNode consumer : List.of(consumer1, consumer2))
            {
                final Collected collected = new Collected();
                assertThat(collected.pollUntil(consumer, c -> c.size() >= 3 * perProducer, WAIT)).isTrue();
                assertThat(collected.byPartition()).hasSize(3);
                for (final ProducerNode producer : producers)
                {
                    final List<ConsumedRecord> partition = collected.partition("t", producer.partitionAddress("t"));
                    assertThat(partition).hasSize(perProducer);
                    assertThat(Collected.consecutive(partition, 0)).isTrue();
                }
                assertThat(collected.all()).allMatch(r -> r.topic().equals("t"));
            }
            for (final ProducerNode producer : producers)
            {
                assertThat(producer.flush(WAIT)).isTrue(); // the first store's ACK: the other may still be behind
                final String partition = producer.partitionAddress("t");
                await().atMost(WAIT).until(() -> records1.head("t", partition) == perProducer - 1 &&
                    records2.head("t", partition) == perProducer - 1);
            }
        }
    }

    private DafkaConfig config(final Object... overrides)
    {
        final Object[] all = new Object[overrides.length + 2];
        all[0] = "producer.head_interval";
        all[1] = 200;
        System.arraycopy(overrides, 0, all, 2, overrides.length);
        return Loopback.nodeConfig(tower, all);
    }

    private static void awaitPeers(final ConsumerNode consumer, final int peers)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (consumer.metrics().get(Metric.PEERS_CONNECTED) < peers && System.nanoTime() < deadline)
        {
            consumer.poll(Duration.ofMillis(10)); // nothing is published yet; this paces the wait
        }
    }

    private static String producerPartition(final ProducerNode producer, final String topic)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (producer.partitionAddress(topic) == null && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        return producer.partitionAddress(topic);
    }

    private static long lastSequence(final Collected collected, final String topic, final String partition)
    {
        final List<ConsumedRecord> records = collected.partition(topic, partition);
        return records.isEmpty() ? -1 : records.get(records.size() - 1).sequence();
    }

    private static byte[] sequenced(final byte[] template, final long sequence)
    {
        final byte[] content = template.clone();
        for (int i = 0; i < 8; i++)
        {
            content[i] = (byte)(sequence >>> (56 - 8 * i));
        }
        return content;
    }

    private static long sequenceOf(final byte[] content)
    {
        long sequence = 0;
        for (int i = 0; i < 8; i++)
        {
            sequence = (sequence << 8) | (content[i] & 0xFF);
        }
        return sequence;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
