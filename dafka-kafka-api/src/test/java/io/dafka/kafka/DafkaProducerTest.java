package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.kafka.producer.internals.ByteBudget;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;

/** DafkaProducer against a real tower, store and core consumer over TCP on loopback. */
@Timeout(60)
class DafkaProducerTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOPIC = "orders";

    private TowerNode tower;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startTower()
    {
        tower = Loopback.startTower();
    }

    @AfterEach
    void stopAll() throws Exception
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            closeables.get(i).close();
        }
        tower.close();
    }

    private Map<String, Object> settings(final Object... pairs)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", tower.subEndpoint().substring("tcp://".length()));
        settings.put("dafka.tower.sub.endpoints", tower.subEndpoint());
        settings.put("dafka.tower.pub.endpoints", tower.pubEndpoint());
        settings.put("dafka.beacon.interval.ms", 100);
        settings.put("dafka.producer.head.interval.ms", 200);
        settings.put("key.serializer", StringSerializer.class);
        settings.put("value.serializer", StringSerializer.class);
        for (int i = 0; i < pairs.length; i += 2)
        {
            settings.put((String)pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    private DafkaProducer<String, String> producer(final Object... pairs)
    {
        final DafkaProducer<String, String> producer = new DafkaProducer<>(settings(pairs));
        closeables.add(() -> producer.close(Duration.ofSeconds(1)));
        return producer;
    }

    private DafkaProducer<String, String> producer(final Time time, final Object... pairs)
    {
        final DafkaProducer<String, String> producer = new DafkaProducer<>(DafkaClientConfig.forProducer(
            settings(pairs)), null, null, time);
        closeables.add(() -> producer.close(Duration.ofSeconds(1)));
        return producer;
    }

    private void startStore()
    {
        final InMemoryRecordStore records = new InMemoryRecordStore();
        closeables.add(records);
        closeables.add(StoreNode.start(Loopback.nodeConfig(tower), records));
    }

    @Test
    void shouldCompleteFuturesWithConsecutiveOffsetsOnceAStoreAcknowledges() throws Exception
    {
        startStore();
        final DafkaProducer<String, String> producer = producer("acks", "all");
        final List<RecordMetadata> called = new CopyOnWriteArrayList<>();
        final List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i), (metadata, exception) ->
            {
                assertThat(exception).isNull();
                called.add(metadata);
            }));
        }

        final int partition = PartitionIds.of(producer.partitionAddress(TOPIC));
        for (int i = 0; i < 5; i++)
        {
            final RecordMetadata metadata = futures.get(i).get(30, TimeUnit.SECONDS);
            assertThat(metadata.topic()).isEqualTo(TOPIC);
            assertThat(metadata.partition()).isEqualTo(partition);
            assertThat(metadata.offset()).isEqualTo(i);
            assertThat(metadata.serializedKeySize()).isEqualTo(2);
            assertThat(metadata.serializedValueSize()).isEqualTo(2);
            assertThat(metadata.hasTimestamp()).isTrue();
        }
        await().atMost(WAIT).until(() -> called.size() == 5);
        assertThat(called).extracting(RecordMetadata::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void shouldWriteEnvelopesThatAConsumerDecodes() throws Exception
    {
        startStore();
        final ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest"));
        closeables.add(consumer);
        consumer.subscribe(TOPIC);
        final DafkaProducer<String, String> producer = producer();
        final ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, null, 1_234_567L, "key-ü", "value",
            List.of(new org.apache.kafka.common.header.internals.RecordHeader("trace", "t1".getBytes(StandardCharsets.UTF_8)),
                new org.apache.kafka.common.header.internals.RecordHeader("empty", null)));
        producer.send(record).get(30, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>(TOPIC, "gone", null)).get(30, TimeUnit.SECONDS);

        final Collected collected = new Collected();
        assertThat(collected.pollUntil(consumer, c -> c.size() >= 2, WAIT)).isTrue();
        final ConsumedRecord first = collected.all().get(0);
        assertThat(first.partition()).isEqualTo(producer.partitionAddress(TOPIC));
        final RecordEnvelope.Decoded decoded = RecordEnvelope.decode(first.content());
        assertThat(decoded.enveloped()).isTrue();
        assertThat(decoded.timestamp()).isEqualTo(1_234_567L);
        assertThat(new String(decoded.key(), StandardCharsets.UTF_8)).isEqualTo("key-ü");
        assertThat(new String(decoded.value(), StandardCharsets.UTF_8)).isEqualTo("value");
        assertThat(decoded.headers()).extracting(Header::key).containsExactly("trace", "empty");
        assertThat(decoded.headers().get(1).value()).isNull();
        final RecordEnvelope.Decoded tombstone = RecordEnvelope.decode(collected.all().get(1).content());
        assertThat(tombstone.enveloped()).isTrue();
        assertThat(tombstone.value()).isNull();
    }

    @Test
    void shouldSendTheBareValueInRawFormat() throws Exception
    {
        final ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest"));
        closeables.add(consumer);
        consumer.subscribe(TOPIC);
        final DafkaProducer<String, String> producer = producer("acks", "0", "dafka.record.format", "raw");
        producer.send(new ProducerRecord<>(TOPIC, "k", "plain text")).get(30, TimeUnit.SECONDS);

        final Collected collected = new Collected();
        assertThat(collected.pollUntil(consumer, c -> c.size() >= 1, WAIT)).isTrue();
        assertThat(collected.texts()).containsExactly("plain text");
    }

    @Test
    void shouldCompleteOnPublishWithoutAnOffsetWhenAcksIsZero() throws Exception
    {
        final DafkaProducer<String, String> producer = producer("acks", "0");

        final RecordMetadata metadata = producer.send(new ProducerRecord<>(TOPIC, "v")).get(30, TimeUnit.SECONDS);

        assertThat(metadata.offset()).isEqualTo(-1);
        assertThat(metadata.hasOffset()).isFalse();
        assertThat(metadata.partition()).isEqualTo(PartitionIds.of(producer.partitionAddress(TOPIC)));
    }

    @Test
    void shouldFailSendsNoStoreAcknowledgesAfterDeliveryTimeout()
    {
        final DafkaProducer<String, String> producer = producer("acks", "1", "delivery.timeout.ms", 300,
            "request.timeout.ms", 100, "linger.ms", 0);
        final List<Exception> errors = new CopyOnWriteArrayList<>();

        final Future<RecordMetadata> future = producer.send(new ProducerRecord<>(TOPIC, "v"), (m, e) -> errors.add(e));

        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(TimeoutException.class).hasMessageContaining("delivery.timeout.ms");
        await().atMost(WAIT).until(() -> errors.size() == 1);
        assertThat(errors.get(0)).isInstanceOf(TimeoutException.class);
        assertThat(metric(producer, "record-error-total")).isEqualTo(1.0);
    }

    @Test
    void shouldExpireASendWhenTheInjectedClockPassesDeliveryTimeout()
    {
        final ManualTime time = new ManualTime(1_700_000_000_000L);
        final DafkaProducer<String, String> producer = producer(time, "acks", "1",
            "delivery.timeout.ms", 3_600_000, "request.timeout.ms", 100, "linger.ms", 0);

        final Future<RecordMetadata> future = producer.send(new ProducerRecord<>(TOPIC, "v"));
        assertThat(future.isDone()).as("an hour has not passed on the producer's clock").isFalse();
        time.advance(3_600_000);

        await().atMost(WAIT).until(future::isDone);
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).cause()
            .isInstanceOf(TimeoutException.class).hasMessageContaining("3600000 ms has passed since send");
    }

    @Test
    void shouldStampRecordsWithTheInjectedClock() throws Exception
    {
        startStore();
        final ManualTime time = new ManualTime(1_700_000_000_000L);
        final DafkaProducer<String, String> producer = producer(time, "acks", "1");
        time.advance(42);

        final RecordMetadata metadata = producer.send(new ProducerRecord<>(TOPIC, "v")).get(30, TimeUnit.SECONDS);

        assertThat(metadata.timestamp()).isEqualTo(1_700_000_000_042L);
    }

    @Test
    void shouldCompleteAcksAllSendsOnceTwoDistinctStoresAcknowledge() throws Exception
    {
        startStore();
        startStore();
        final DafkaProducer<String, String> producer = producer("acks", "all", "dafka.min.stores", 2);
        final List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, "v" + i)));
        }
        for (int i = 0; i < 5; i++)
        {
            assertThat(futures.get(i).get(30, TimeUnit.SECONDS).offset()).isEqualTo(i);
        }
    }

    @Test
    void shouldFailWithNotEnoughReplicasAfterAppendWhenOnlyOneOfTwoStoresAcknowledged()
    {
        startStore();
        final long timeoutMs = 10_000;
        final ManualTime time = new ManualTime(1_700_000_000_000L);
        final DafkaProducer<String, String> producer = producer(time, "acks", "all", "dafka.min.stores", 2,
            "delivery.timeout.ms", (int)timeoutMs, "request.timeout.ms", 100, "linger.ms", 0);
        final List<Exception> errors = new CopyOnWriteArrayList<>();

        final Future<RecordMetadata> future = producer.send(new ProducerRecord<>(TOPIC, "v"), (m, e) -> errors.add(e));
        final String partition = producer.partitionAddress(TOPIC);
        await().atMost(WAIT).until(() -> producer.storesHolding(partition, 0) == 1);
        time.advance(timeoutMs - 1);
        assertThat(future.isDone()).as("not before delivery.timeout.ms").isFalse();
        time.advance(1);

        assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(NotEnoughReplicasAfterAppendException.class)
            .hasMessageContaining("1 of the 2").hasMessageContaining("dafka.min.stores")
            .hasMessageContaining("delivery.timeout.ms");
        await().atMost(WAIT).until(() -> errors.size() == 1);
        assertThat(errors.get(0)).isInstanceOf(NotEnoughReplicasAfterAppendException.class);
    }

    @Test
    void shouldFailWithNotEnoughReplicasWhenNoStoreAcknowledgedAndTakeMinInsyncReplicas()
    {
        final DafkaProducer<String, String> producer = producer("acks", "all", "min.insync.replicas", 2,
            "delivery.timeout.ms", 500, "request.timeout.ms", 100, "linger.ms", 0);

        final long start = System.nanoTime();
        final Future<RecordMetadata> future = producer.send(new ProducerRecord<>(TOPIC, "v"));

        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(NotEnoughReplicasException.class)
            .isNotInstanceOf(NotEnoughReplicasAfterAppendException.class)
            .hasMessageContaining("0 of the 2").hasMessageContaining("min.insync.replicas");
        // deadlines are counted in whole milliseconds, which may read up to 1 ms early
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(499));
    }

    @Test
    void shouldFailWithBufferExhaustedWhenUnacknowledgedRecordsFillBufferMemory()
    {
        // each 400-byte record holds its ~420 serialized bytes plus its bookkeeping (ByteBudget.RECORD_OVERHEAD):
        // two fit in 2000 bytes, a third does not (without the bookkeeping, four would)
        final DafkaProducer<String, String> producer = producer("acks", "0", "buffer.memory", 2000,
            "max.block.ms", 300);
        final String value = "x".repeat(400);
        final long start = System.nanoTime();
        final List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, value)));
        }

        assertThatThrownBy(() -> futures.get(2).get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(BufferExhaustedException.class).hasMessageContaining("2000");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(299)); // whole ms
        assertThat(futures.get(0)).succeedsWithin(WAIT);
        assertThat(futures.get(1)).succeedsWithin(WAIT);
        assertThat(metric(producer, "buffer-available-bytes"))
            .isLessThan(2000 - 2 * (400.0 + ByteBudget.RECORD_OVERHEAD));
    }

    @Test
    void shouldReleaseBufferMemoryWhenAStoreAcknowledges()
    {
        final DafkaProducer<String, String> producer = producer("acks", "0", "buffer.memory", 1000);
        producer.send(new ProducerRecord<>(TOPIC, "x".repeat(400)));
        producer.flush();
        assertThat(metric(producer, "buffer-available-bytes")).isLessThan(1000.0);

        startStore();

        await().atMost(WAIT).until(() -> metric(producer, "buffer-available-bytes") == 1000.0);
        assertThat(metric(producer, "records-unacked")).isZero();
    }

    @Test
    void shouldRejectRecordsLargerThanMaxRequestSize()
    {
        final DafkaProducer<String, String> producer = producer("max.request.size", 100);
        final List<Exception> errors = new CopyOnWriteArrayList<>();

        final Future<RecordMetadata> future = producer.send(new ProducerRecord<>(TOPIC, "x".repeat(200)),
            (m, e) -> errors.add(e));

        assertThatThrownBy(future::get).cause().isInstanceOf(RecordTooLargeException.class)
            .hasMessageContaining("max.request.size");
        assertThat(errors).singleElement().isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void shouldReportItsOwnPartitionBeforeTheFirstSend()
    {
        final DafkaProducer<String, String> producer = producer();

        final List<PartitionInfo> partitions = producer.partitionsFor(TOPIC);

        assertThat(partitions).singleElement().satisfies(info ->
        {
            assertThat(info.topic()).isEqualTo(TOPIC);
            assertThat(info.partition()).isEqualTo(PartitionIds.of(producer.partitionAddress(TOPIC)));
            assertThat(info.leader().host()).isEqualTo("127.0.0.1");
            assertThat(info.leader().port()).isPositive();
        });
    }

    @Test
    void shouldIgnoreOrRejectAnExplicitPartition() throws Exception
    {
        startStore();
        final DafkaProducer<String, String> lenient = producer();
        final RecordMetadata metadata = lenient.send(new ProducerRecord<>(TOPIC, 7, "k", "v")).get(30, TimeUnit.SECONDS);
        assertThat(metadata.partition()).isEqualTo(PartitionIds.of(lenient.partitionAddress(TOPIC)));

        final DafkaProducer<String, String> strict = producer("dafka.producer.explicit.partition", "reject");
        final int own = strict.partitionsFor(TOPIC).get(0).partition();
        assertThatThrownBy(() -> strict.send(new ProducerRecord<>(TOPIC, own == 7 ? 8 : 7, "k", "v")))
            .isInstanceOf(KafkaException.class).hasMessageContaining("Invalid partition");
        assertThat(strict.send(new ProducerRecord<>(TOPIC, own, "k", "v")).get(30, TimeUnit.SECONDS).partition())
            .isEqualTo(own);
    }

    @Test
    void shouldWaitInFlushForAllEarlierSends()
    {
        startStore();
        final DafkaProducer<String, String> producer = producer();
        final List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, "v" + i)));
        }

        producer.flush();

        assertThat(futures).allMatch(Future::isDone);
        assertThat(metric(producer, "record-send-total")).isEqualTo(100.0);
    }

    @Test
    void shouldHonourInterceptorsAndSerializerInstancesFromProperties() throws Exception
    {
        startStore();
        final Properties properties = new Properties();
        settings().forEach((key, value) -> properties.put(key, value.toString()));
        properties.remove("key.serializer");
        properties.remove("value.serializer");
        properties.put("interceptor.classes", CountingInterceptor.class.getName());
        final int sent = CountingInterceptor.SENT.get();
        final int acknowledged = CountingInterceptor.ACKNOWLEDGED.get();
        final int closed = CountingInterceptor.CLOSED.get();
        try (Producer<String, String> producer = new DafkaProducer<>(properties, new StringSerializer(),
            new StringSerializer()))
        {
            producer.send(new ProducerRecord<>(TOPIC, "v")).get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> CountingInterceptor.ACKNOWLEDGED.get() == acknowledged + 1);
        }
        assertThat(CountingInterceptor.SENT.get()).isEqualTo(sent + 1);
        assertThat(CountingInterceptor.CLOSED.get()).isEqualTo(closed + 1);
    }

    @Test
    void shouldThrowLikeKafkaForTransactionsAndTelemetry()
    {
        final DafkaProducer<String, String> producer = producer();
        final String message = "Cannot use transactional methods without enabling transactions by setting the " +
            "transactional.id configuration property";

        assertThatThrownBy(producer::initTransactions).isInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThatThrownBy(producer::beginTransaction).isInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThatThrownBy(producer::commitTransaction).isInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThatThrownBy(producer::abortTransaction).isInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThatThrownBy(() -> producer.sendOffsetsToTransaction(Map.of(), new ConsumerGroupMetadata("g", 1, "member-1", Optional.empty())))
            .isInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThatThrownBy(() -> producer.clientInstanceId(Duration.ofSeconds(1)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("Telemetry is not enabled");
        producer.registerMetricForSubscription(null);
        producer.unregisterMetricFromSubscription(null);
    }

    @Test
    void shouldRejectBadConfigurationAtConstruction()
    {
        assertThatThrownBy(() -> new DafkaProducer<String, String>(settings("transactional.id", "tx")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("transactional.id");
        assertThatThrownBy(() -> new DafkaProducer<String, String>(settings("security.protocol", "SSL")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol");
        assertThatThrownBy(() -> new DafkaProducer<String, String>(settings("dafka.x", "1")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.x");
        assertThatThrownBy(() -> new DafkaProducer<String, String>(settings("acks", "2")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("acks");
    }

    @Test
    void shouldRefuseToSendAfterClose()
    {
        final DafkaProducer<String, String> producer = producer("acks", "0");
        producer.partitionsFor(TOPIC);
        producer.close(Duration.ZERO);
        producer.close();

        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "v")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("Cannot perform operation after producer has been closed");
    }

    @Test
    void shouldFailOutstandingSendsAtClose()
    {
        final DafkaProducer<String, String> producer = producer("acks", "1");
        final Future<RecordMetadata> future = producer.send(new ProducerRecord<>(TOPIC, "v"));

        producer.close(Duration.ofMillis(100));

        assertThat(future.isDone()).isTrue();
        assertThatThrownBy(future::get).cause().isInstanceOf(KafkaException.class);
    }

    @Test
    void shouldFailWithTimeoutWhenNoTowerAnswers()
    {
        final Map<String, Object> settings = settings("max.block.ms", 200);
        settings.put("dafka.tower.sub.endpoints", "tcp://127.0.0.1:1");
        settings.put("dafka.tower.pub.endpoints", "tcp://127.0.0.1:2");
        final DafkaProducer<String, String> producer = new DafkaProducer<>(settings);
        closeables.add(producer);

        final Future<RecordMetadata> future = producer.send(new ProducerRecord<>(TOPIC, "v"));

        assertThatThrownBy(future::get).cause().isInstanceOf(TimeoutException.class)
            .hasMessageContaining("max.block.ms");
    }

    private static double metric(final DafkaProducer<?, ?> producer, final String name)
    {
        for (final Map.Entry<MetricName, ? extends Metric> entry : producer.metrics().entrySet())
        {
            if (entry.getKey().name().equals(name) && entry.getKey().group().equals("producer-metrics"))
            {
                return ((Number)entry.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
