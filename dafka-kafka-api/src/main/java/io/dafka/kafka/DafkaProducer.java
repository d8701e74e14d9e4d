package io.dafka.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.kafka.producer.internals.ByteBudget;
import io.dafka.kafka.producer.internals.PartitionMapping;
import io.dafka.kafka.producer.internals.ProducerInterceptorChain;
import io.dafka.kafka.producer.internals.ProducerMetrics;
import io.dafka.kafka.producer.internals.SendAccumulator;
import io.dafka.kafka.producer.internals.SendFuture;
import io.dafka.producer.ProducerNode;

/**
 * Kafka's {@link Producer} on Dafka: a drop-in for {@code KafkaProducer} with the same four constructors.
 * Each topic gets one partition owned by this producer (its own Dafka address); the partition number is
 * {@link PartitionIds#of} that address and offsets are the producer's sequence (0, 1, 2, ...).
 *
 * <ul>
 * <li>{@code acks=0}: a send completes when published (offset -1, as Kafka); {@code acks=1}: when the first
 * store acknowledges it; {@code acks=all}: when N distinct stores did, N = {@code dafka.min.stores}, else
 * {@code min.insync.replicas}, else 1 ({@link MinStores}). Without a store, sends fail with
 * {@link TimeoutException} after {@code delivery.timeout.ms}; with N above 1 they fail with
 * {@link org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException} if at least one store
 * acknowledged the record, else {@link org.apache.kafka.common.errors.NotEnoughReplicasException}.</li>
 * <li>Stores acknowledging more than this producer sent to a partition (an earlier producer used its address):
 * that partition's sends fail with {@link ProducerIncarnationConflictException}.</li>
 * <li>{@code buffer.memory} bounds the memory of records sent and not yet acknowledged by a store (each holds its
 * bytes plus {@value io.dafka.kafka.producer.internals.ByteBudget#RECORD_OVERHEAD} of bookkeeping); a send waits up to {@code max.block.ms} for room,
 * then fails with {@link BufferExhaustedException}.</li>
 * <li>The first use starts the engine and waits up to {@code max.block.ms} for a tower.</li>
 * <li>Transactions are not supported: {@code transactional.id} is rejected and the transactional methods throw
 * as KafkaProducer does without it.</li>
 * </ul>
 * Thread-safe. Callbacks run on one completion thread per producer, in order per partition.
 */
public final class DafkaProducer<K, V> implements Producer<K, V>
{
    private static final Logger LOG = LoggerFactory.getLogger(DafkaProducer.class);
    private static final String NO_TRANSACTIONS = "Cannot use transactional methods without enabling transactions " +
        "by setting the transactional.id configuration property";

    private final DafkaClientConfig clientConfig;
    private final String clientId;
    private final Time time;
    private final ProducerRecordEncoder<K, V> encoder;
    private final ProducerInterceptorChain<K, V> interceptors;
    private final ByteBudget budget;
    private final ProducerMetrics metrics;
    private final ProducerEngine engine;
    private final SendAccumulator accumulator;
    private final long maxBlockMs;
    private final long deliveryTimeoutMs;

    /** A producer configured by {@code configs} (serializer classes included). */
    public DafkaProducer(final Map<String, Object> configs)
    {
        this(configs, null, null);
    }

    /** A producer with the given serializer instances (not configured, as with KafkaProducer). */
    public DafkaProducer(final Map<String, Object> configs, final Serializer<K> keySerializer,
        final Serializer<V> valueSerializer)
    {
        this(DafkaClientConfig.forProducer(withSerializers(configs, keySerializer, valueSerializer)), keySerializer,
            valueSerializer, Time.SYSTEM);
    }

    /** A producer configured by {@code properties} (serializer classes included). */
    public DafkaProducer(final Properties properties)
    {
        this(properties, null, null);
    }

    /** A producer with the given serializer instances (not configured, as with KafkaProducer). */
    public DafkaProducer(final Properties properties, final Serializer<K> keySerializer,
        final Serializer<V> valueSerializer)
    {
        this(Utils.propsToMap(properties), keySerializer, valueSerializer);
    }

    /** A producer on {@code time} (tests advance a mock time instead of waiting, e.g. for delivery timeouts). */
    @SuppressWarnings("unchecked")
    DafkaProducer(final DafkaClientConfig clientConfig, final Serializer<K> keySerializer,
        final Serializer<V> valueSerializer, final Time time)
    {
        this.clientConfig = clientConfig;
        this.clientId = clientConfig.clientId();
        this.time = time;
        final ProducerConfig config = clientConfig.producerConfig();
        final List<AutoCloseable> built = new ArrayList<>();
        try
        {
            this.encoder = ProducerRecordEncoder.create(clientConfig, keySerializer, valueSerializer);
            built.add(encoder);
            final List<ProducerInterceptor<K, V>> configured = (List<ProducerInterceptor<K, V>>)(List<?>)config
                .getConfiguredInstances(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ProducerInterceptor.class,
                    Collections.singletonMap(ProducerConfig.CLIENT_ID_CONFIG, clientId));
            this.interceptors = new ProducerInterceptorChain<>(configured);
            built.add(interceptors);
            this.budget = new ByteBudget(config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG));
            this.metrics = new ProducerMetrics(config, clientId, budget, time);
            built.add(metrics);
        }
        catch (final RuntimeException e)
        {
            built.forEach(closeable -> Utils.closeQuietly(closeable, "producer component"));
            throw new KafkaException("Failed to construct Dafka producer", e);
        }
        final String acks = config.getString(ProducerConfig.ACKS_CONFIG);
        this.maxBlockMs = config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        this.deliveryTimeoutMs = config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        this.engine = new ProducerEngine(clientConfig, maxBlockMs);
        final MinStores minStores = clientConfig.minStores();
        this.accumulator = new SendAccumulator(clientId, time, budget, metrics, interceptors, "0".equals(acks),
            deliveryTimeoutMs, minStores.count(), minStores.source(), engine::storesHolding,
            new PartitionMapping(PartitionIds::of, ProducerIncarnationConflictException::new));
        LOG.info("[Producer clientId={}] Dafka producer created: towers {}, acks={} ({} store(s), {}), record " +
            "format {}", clientId, clientConfig.towers(), acks, minStores.count(), minStores.source(),
            clientConfig.recordFormat());
    }

    @Override
    public Future<RecordMetadata> send(final ProducerRecord<K, V> record)
    {
        return send(record, null);
    }

    @Override
    public Future<RecordMetadata> send(final ProducerRecord<K, V> record, final Callback callback)
    {
        engine.ensureOpen();
        final ProducerRecord<K, V> intercepted = interceptors.onSend(record);
        final long startNanos = time.nanoseconds();
        try
        {
            return doSend(intercepted, callback, startNanos);
        }
        catch (final ApiException e)
        {
            // as KafkaProducer: API errors reach the caller through the callback and the future
            metrics.recordError();
            final TopicPartition tp = new TopicPartition(intercepted.topic(), RecordMetadata.UNKNOWN_PARTITION);
            final RecordMetadata failed = new RecordMetadata(tp, -1, -1, -1, -1, -1);
            interceptors.onAcknowledgement(failed, e, intercepted.headers());
            if (callback != null)
            {
                callback.onCompletion(failed, e);
            }
            return SendFuture.failed(e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            metrics.recordError();
            throw new InterruptException(e);
        }
        catch (final RuntimeException e)
        {
            metrics.recordError();
            final TopicPartition tp = new TopicPartition(intercepted.topic(), RecordMetadata.UNKNOWN_PARTITION);
            interceptors.onAcknowledgement(new RecordMetadata(tp, -1, -1, -1, -1, -1), e, intercepted.headers());
            throw e;
        }
    }

    private Future<RecordMetadata> doSend(final ProducerRecord<K, V> record, final Callback callback,
        final long startNanos) throws InterruptedException
    {
        final String topic = record.topic();
        final long timestamp = record.timestamp() == null ? time.milliseconds() : record.timestamp();
        final ProducerRecordEncoder.Encoded encoded = encoder.encode(topic, record.headers(), record.key(),
            record.value(), timestamp);
        final byte[] body = encoded.body();
        final ProducerNode node = engine.node();
        engine.checkExplicitPartition(node, topic, record.partition());
        final long waitedNanos = time.nanoseconds() - startNanos;
        final long remainingNanos = ByteBudget.nanos(maxBlockMs) - waitedNanos;
        final int held = budget.heldBy(body.length);
        if (!budget.reserve(held, remainingNanos))
        {
            throw new BufferExhaustedException("Failed to allocate " + held + " bytes within the configured " +
                "max blocking time " + maxBlockMs + " ms. Total memory: " + budget.total() + " bytes. Available " +
                "memory: " + budget.available() + " bytes. Records no Dafka store has acknowledged yet hold the rest " +
                "(is a store running?)");
        }
        return accumulator.add(topic, callback, readOnly(record.headers()), timestamp,
            encoded.key() == null ? -1 : encoded.key().length, encoded.value() == null ? -1 : encoded.value().length,
            held, pending ->
            {
                node.send(topic, body, pending);
                metrics.recordSend(body.length);
            });
    }

    private static Headers readOnly(final Headers headers)
    {
        final RecordHeaders copy = new RecordHeaders(headers.toArray());
        copy.setReadOnly();
        return copy;
    }

    /**
     * Waits until every send made before the call completed, successfully or not (each is bounded by
     * {@code delivery.timeout.ms}); does not throw for failed sends.
     */
    @Override
    public void flush()
    {
        if (accumulator.isCompletionThread())
        {
            throw new KafkaException("DafkaProducer.flush() invocation inside a callback is not permitted because " +
                "it may lead to deadlock.");
        }
        accumulator.flush();
    }

    /** This producer's own partition of {@code topic} (created now if needed): one writable partition. */
    @Override
    public List<PartitionInfo> partitionsFor(final String topic)
    {
        engine.ensureOpen();
        return engine.partitionsFor(topic);
    }

    /**
     * The Dafka partition (producer) address of {@code topic} written by this producer, created now if needed.
     * Its Kafka partition number is {@link PartitionIds#of} it.
     */
    public String partitionAddress(final String topic)
    {
        engine.ensureOpen();
        return engine.partitionAddress(engine.node(), topic);
    }

    /** Distinct stores that acknowledged {@code sequence} of this producer's {@code partitionAddress} (tests). */
    int storesHolding(final String partitionAddress, final long sequence)
    {
        return engine.storesHolding(partitionAddress, sequence);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics()
    {
        return metrics.metrics();
    }

    /** Always throws: Dafka has no client telemetry (as KafkaProducer with {@code enable.metrics.push=false}). */
    @Override
    public Uuid clientInstanceId(final Duration timeout)
    {
        throw new IllegalStateException("Telemetry is not enabled: Dafka does not support client telemetry " +
            "(enable.metrics.push has no effect).");
    }

    /** No-op, as KafkaProducer without telemetry. */
    @Override
    public void registerMetricForSubscription(final KafkaMetric metric)
    {
        LOG.debug("registerMetricForSubscription ignored: no client telemetry in Dafka");
    }

    /** No-op, as KafkaProducer without telemetry. */
    @Override
    public void unregisterMetricFromSubscription(final KafkaMetric metric)
    {
        LOG.debug("unregisterMetricFromSubscription ignored: no client telemetry in Dafka");
    }

    @Override
    public void initTransactions()
    {
        throw new IllegalStateException(NO_TRANSACTIONS);
    }

    @Override
    public void beginTransaction()
    {
        throw new IllegalStateException(NO_TRANSACTIONS);
    }

    @Override
    public void sendOffsetsToTransaction(final Map<TopicPartition, OffsetAndMetadata> offsets,
        final ConsumerGroupMetadata groupMetadata)
    {
        if (groupMetadata == null)
        {
            throw new IllegalArgumentException("Consumer group metadata could not be null");
        }
        if (groupMetadata.generationId() > 0 && groupMetadata.memberId().isEmpty())
        {
            throw new IllegalArgumentException("Passed in group metadata " + groupMetadata + " has generationId > 0 " +
                "but the member.id is unknown");
        }
        throw new IllegalStateException(NO_TRANSACTIONS);
    }

    @Override
    public void commitTransaction()
    {
        throw new IllegalStateException(NO_TRANSACTIONS);
    }

    @Override
    public void abortTransaction()
    {
        throw new IllegalStateException(NO_TRANSACTIONS);
    }

    /** Closes, waiting for outstanding sends at most {@code delivery.timeout.ms}. */
    @Override
    public void close()
    {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Stops accepting sends; waits up to {@code timeout} (and at most {@code delivery.timeout.ms}) for store
     * ACKs; fails what is left with {@link KafkaException}; releases threads, sockets, interceptors, serializers
     * and metrics. Idempotent.
     */
    @Override
    public void close(final Duration timeout)
    {
        if (timeout.isNegative())
        {
            throw new IllegalArgumentException("The timeout cannot be negative.");
        }
        final boolean wait = !accumulator.isCompletionThread();
        if (!wait && !timeout.isZero())
        {
            LOG.warn("[Producer clientId={}] close with a timeout called from a callback: closing without waiting",
                clientId);
        }
        if (!engine.markClosed())
        {
            return;
        }
        final ProducerNode node = engine.started();
        final long budgetMs = wait ? Math.min(timeout.toMillis(), deliveryTimeoutMs) : 0;
        final long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        if (node != null && !node.close(Duration.ofMillis(budgetMs)))
        {
            LOG.warn("[Producer clientId={}] closed with records no Dafka store acknowledged; they are lost " +
                "unless a store fetched them", clientId);
        }
        accumulator.close(wait, Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - time.nanoseconds())) + 1000);
        Utils.closeQuietly(interceptors, "producer interceptors");
        Utils.closeQuietly(encoder, "producer serializers");
        Utils.closeQuietly(metrics, "producer metrics");
        LOG.debug("[Producer clientId={}] closed", clientId);
    }

    /** The configuration this producer runs with. */
    public DafkaClientConfig clientConfig()
    {
        return clientConfig;
    }

    private static Map<String, Object> withSerializers(final Map<String, Object> configs,
        final Serializer<?> keySerializer, final Serializer<?> valueSerializer)
    {
        final Map<String, Object> copy = new HashMap<>(configs);
        if (keySerializer != null)
        {
            copy.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer.getClass());
        }
        if (valueSerializer != null)
        {
            copy.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer.getClass());
        }
        return copy;
    }
}
