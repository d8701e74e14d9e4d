package io.dafka.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.DafkaException;
import io.dafka.DafkaResourceException;
import io.dafka.producer.ProducerNode;

/**
 * The producer's Dafka engine and its partitions as Kafka sees them: the engine starts on first use (waiting up to
 * {@code max.block.ms} for a tower) and stops once at close; each topic has one partition, this producer's own.
 */
final class ProducerEngine
{
    private static final Logger LOG = LoggerFactory.getLogger(ProducerEngine.class);
    private static final String CLOSED = "Cannot perform operation after producer has been closed";

    private final DafkaClientConfig config;
    private final String clientId;
    private final long maxBlockMs;
    private final boolean rejectExplicitPartition;
    private final Set<String> warnedTopics = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile ProducerNode node;
    private volatile boolean closed;

    ProducerEngine(final DafkaClientConfig config, final long maxBlockMs)
    {
        this.config = config;
        this.clientId = config.clientId();
        this.maxBlockMs = maxBlockMs;
        this.rejectExplicitPartition = config.explicitPartition() == DafkaClientConfig.ExplicitPartition.REJECT;
    }

    /** @throws IllegalStateException once the producer is closed */
    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException(CLOSED);
        }
    }

    /** The engine, started now if this is the first use. */
    ProducerNode node()
    {
        final ProducerNode started = node;
        if (started != null)
        {
            return started;
        }
        synchronized (lifecycle)
        {
            ensureOpen();
            if (node == null)
            {
                try
                {
                    node = ProducerNode.start(config.toCoreConfig());
                }
                catch (final DafkaResourceException e)
                {
                    throw new KafkaException("Dafka producer could not start: " + e.getMessage(), e);
                }
                catch (final DafkaException e)
                {
                    throw new TimeoutException("No Dafka tower answered at " + config.towers() + " within " +
                        "max.block.ms (" + maxBlockMs + " ms): " + e.getMessage(), e);
                }
            }
            return node;
        }
    }

    /** Marks the producer closed; true if this call did (the first close). */
    boolean markClosed()
    {
        synchronized (lifecycle)
        {
            if (closed)
            {
                return false;
            }
            closed = true;
            return true;
        }
    }

    /** The engine if it started (it never starts once closed), else null. */
    ProducerNode started()
    {
        return node;
    }

    /** Distinct stores that acknowledged {@code sequence} of {@code partition} so far (0 before the engine). */
    int storesHolding(final String partition, final long sequence)
    {
        final ProducerNode started = node;
        return started == null ? 0 : started.storesHolding(partition, sequence);
    }

    /** The Dafka partition address of {@code topic} written by {@code engine}, created now if needed. */
    String partitionAddress(final ProducerNode engine, final String topic)
    {
        try
        {
            return engine.ensurePartition(topic, Duration.ofMillis(Math.max(1, maxBlockMs)));
        }
        catch (final DafkaException e)
        {
            throw new TimeoutException("Dafka producer did not create the partition of " + topic + " within " +
                "max.block.ms: " + e.getMessage(), e);
        }
    }

    /** This producer's own partition of {@code topic}: one writable partition led by this producer. */
    List<PartitionInfo> partitionsFor(final String topic)
    {
        final ProducerNode engine = node();
        final int partition = PartitionIds.of(partitionAddress(engine, topic));
        final Node leader = new Node(PartitionIds.of(engine.address()), engine.host().isEmpty() ? "localhost" :
            engine.host(), engine.port());
        final Node[] replicas = {leader};
        return List.of(new PartitionInfo(topic, partition, leader, replicas, replicas));
    }

    /**
     * A record's explicit partition must be this producer's own one; otherwise it fails or is ignored (logged once
     * per topic), as {@code dafka.producer.explicit.partition} says.
     */
    void checkExplicitPartition(final ProducerNode engine, final String topic, final Integer partition)
    {
        if (partition == null)
        {
            return;
        }
        final int own = PartitionIds.of(partitionAddress(engine, topic));
        if (partition == own)
        {
            return;
        }
        if (rejectExplicitPartition)
        {
            throw new KafkaException("Invalid partition given with record: " + partition + " is not this " +
                "producer's partition " + own + " of topic " + topic + " (a Dafka producer writes exactly " +
                "one partition per topic; dafka.producer.explicit.partition=reject)");
        }
        if (warnedTopics.add(topic))
        {
            LOG.warn("[Producer clientId={}] ignoring explicit partition {} for topic {}: a Dafka producer writes " +
                "exactly one partition per topic, here {} (set dafka.producer.explicit.partition=reject to fail " +
                "instead)", clientId, partition, topic, own);
        }
    }
}
