package io.dafka.system.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.testing.Loopback;
import io.dafka.testing.SecureKeys;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;

/**
 * Every peer type on 127.0.0.1 (a tower, a producer, a store, a consumer) streaming one partition of
 * {@link #TOPIC}; the consumer's deliveries are audited and the store's head checked, so that a scenario can
 * attack the peers between two parts of the stream and prove that they all still work.
 */
final class LoopbackCluster implements AutoCloseable
{
    static final String TOPIC = "hostile";
    private static final Duration WAIT = Duration.ofSeconds(60);

    final TowerNode tower;
    final ProducerNode producer;
    final StoreNode store;
    final ConsumerNode consumer;
    private final InMemoryRecordStore stored = new InMemoryRecordStore();
    private final DeliveryAudit audit;
    private final List<ConsumedRecord> batch = new ArrayList<>();
    private final int total;
    private String partition;
    private int sent;
    private long wrongContent;

    private LoopbackCluster(final int total, final SecureKeys keys)
    {
        this.total = total;
        this.audit = new DeliveryAudit(total);
        this.tower = Loopback.startTower(settings(keys, "tower"));
        this.store = StoreNode.start(Loopback.nodeConfig(tower, settings(keys, "store")), stored);
        this.consumer = ConsumerNode.start(Loopback.nodeConfig(tower, settings(keys, "consumer",
            "consumer.offset.reset", "earliest")));
        this.producer = ProducerNode.start(Loopback.nodeConfig(tower, settings(keys, "producer",
            "producer.head_interval", 100)));
        consumer.subscribe(TOPIC);
        partition = producer.ensurePartition(TOPIC, WAIT);
    }

    /** Starts the peers; {@code total} records will be streamed in parts. */
    static LoopbackCluster start(final int total)
    {
        return new LoopbackCluster(total, null);
    }

    /** Starts the peers with CURVE on, each under its name in {@code keys}, all of them allowed. */
    static LoopbackCluster startSecured(final int total, final SecureKeys keys)
    {
        keys.allow("tower").allow("store").allow("consumer").allow("producer");
        return new LoopbackCluster(total, keys);
    }

    private static Object[] settings(final SecureKeys keys, final String name, final Object... overrides)
    {
        return keys == null ? overrides : keys.settings(name, overrides);
    }

    /** The producer's partition address of {@link #TOPIC}. */
    String partition()
    {
        return partition;
    }

    /** The producer's data endpoint. */
    String producerEndpoint()
    {
        return "tcp://" + producer.host() + ":" + producer.port();
    }

    /**
     * Sends records up to (excluding) {@code until} and waits until the consumer delivered and the store holds
     * all records sent so far.
     *
     * @throws IllegalStateException if they did not within 60 s
     */
    void streamAndAwait(final int until)
    {
        for (; sent < until; sent++)
        {
            producer.send(TOPIC, content(sent));
        }
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (audit.delivered() < sent || stored.head(TOPIC, partition) < sent - 1)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("peers did not converge: delivered " + audit.delivered() +
                    ", stored up to " + stored.head(TOPIC, partition) + " of " + sent);
            }
            batch.clear();
            consumer.poll(batch, 10_000, Duration.ofMillis(50));
            for (final ConsumedRecord record : batch)
            {
                audit.received(record.sequence());
                if (!record.partition().equals(partition) || !Arrays.equals(record.content(), content(record.sequence())))
                {
                    wrongContent++;
                }
            }
        }
    }

    /** The audit of every record streamed; {@code detail} is prefixed with what the store holds. */
    Figure figure(final String scenario, final Duration converge, final String detail)
    {
        final long storedCount = stored.head(TOPIC, partition) + 1;
        return audit.figure(scenario, converge)
            .withDetail(String.format("stored=%d wrong-content=%d %s", storedCount, wrongContent, detail))
            .withProblemIf(storedCount != audit.sent(), "the store holds " + storedCount + " records")
            .withProblemIf(wrongContent > 0, wrongContent + " records with wrong content");
    }

    /** The counters of every peer by name: tower, producer, store-writer, store-reader, consumer. */
    Map<String, NodeMetrics> metricsByPeer()
    {
        final Map<String, NodeMetrics> metrics = new LinkedHashMap<>();
        metrics.put("tower", tower.metrics());
        metrics.put("producer", producer.metrics());
        metrics.put("store-writer", store.writerMetrics());
        metrics.put("store-reader", store.readerMetrics());
        metrics.put("consumer", consumer.metrics());
        return metrics;
    }

    /** Each peer's {@link Metric#MALFORMED_DROPPED}, by name. */
    Map<String, Long> malformedByPeer()
    {
        final Map<String, Long> malformed = new LinkedHashMap<>();
        metricsByPeer().forEach((peer, metrics) -> malformed.put(peer, metrics.get(Metric.MALFORMED_DROPPED)));
        return malformed;
    }

    int total()
    {
        return total;
    }

    @Override
    public void close()
    {
        producer.close(Duration.ofSeconds(10));
        consumer.close();
        store.close();
        stored.close();
        tower.close();
    }

    private static byte[] content(final long sequence)
    {
        return ("record-" + sequence).getBytes(StandardCharsets.UTF_8);
    }
}
