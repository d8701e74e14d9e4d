package io.dafka.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.DafkaException;
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
 * bytes plus {@value ByteBudget#RECORD_OVERHEAD} of bookkeeping); a send waits up to {@code max.block.ms} for room,
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
    private static final String CLOSED = "Cannot perform operation after producer has been closed";
    private static final String NO_TRANSACTIONS = "Cannot use transactional methods without enabling transactions " +
        "by setting the transactional.id configuration property";

    private final DafkaClientConfig clientConfig;
    private final ProducerConfig config;
    private final String clientId;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final ProducerInterceptorChain<K, V> interceptors;
    private final ByteBudget budget;
    private final ProducerMetrics metrics;
    private final ScheduledThreadPoolExecutor completions;
    private final Set<PendingSend> outstanding = ConcurrentHashMap.newKeySet();
    private final PendingSend.Context sendContext;
    private final Set<String> warnedTopics = ConcurrentHashMap.newKeySet();
    private final boolean completeOnPublish;
    private final boolean envelope;
    private final boolean rejectExplicitPartition;
    private final long maxBlockMs;
    private final int maxRequestSize;
    private final long deliveryTimeoutMs;
    private final Object lifecycle = new Object();
    private volatile ProducerNode node;
    private volatile boolean closed;
    private volatile Thread completionThread;
    private volatile boolean warnedRaw;

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
            valueSerializer);
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

    @SuppressWarnings("unchecked")
    private DafkaProducer(final DafkaClientConfig clientConfig, final Serializer<K> keySerializer,
        final Serializer<V> valueSerializer)
    {
        this.clientConfig = clientConfig;
        this.config = clientConfig.producerConfig();
        this.clientId = clientConfig.clientId();
        final Map<String, Object> clientIdOverride = Collections.singletonMap(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        final List<AutoCloseable> built = new ArrayList<>();
        try
        {
            if (keySerializer == null)
            {
                this.keySerializer = config.getConfiguredInstance(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    Serializer.class);
                this.keySerializer.configure(config.originals(clientIdOverride), true);
            }
            else
            {
                this.keySerializer = keySerializer;
            }
            built.add(this.keySerializer);
            if (valueSerializer == null)
            {
                this.valueSerializer = config.getConfiguredInstance(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    Serializer.class);
                this.valueSerializer.configure(config.originals(clientIdOverride), false);
            }
            else
            {
                this.valueSerializer = valueSerializer;
            }
            built.add(this.valueSerializer);
            final List<ProducerInterceptor<K, V>> configured = (List<ProducerInterceptor<K, V>>)(List<?>)config
                .getConfiguredInstances(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ProducerInterceptor.class,
                    clientIdOverride);
            this.interceptors = new ProducerInterceptorChain<>(configured);
            built.add(interceptors);
            this.budget = new ByteBudget(config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG));
            this.metrics = new ProducerMetrics(config, clientId, budget);
            built.add(metrics);
        }
        catch (final RuntimeException e)
        {
            built.forEach(closeable -> Utils.closeQuietly(closeable, "producer component"));
            throw new KafkaException("Failed to construct Dafka producer", e);
        }
        final String acks = config.getString(ProducerConfig.ACKS_CONFIG);
        this.completeOnPublish = "0".equals(acks);
        this.envelope = clientConfig.recordFormat() == DafkaClientConfig.RecordFormat.ENVELOPE;
        this.rejectExplicitPartition = clientConfig.explicitPartition() == DafkaClientConfig.ExplicitPartition.REJECT;
        this.maxBlockMs = config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        this.maxRequestSize = config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        this.deliveryTimeoutMs = config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        this.completions = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "dafka-producer-callbacks | " + clientId);
            thread.setDaemon(true);
            completionThread = thread;
            return thread;
        });
        completions.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        final DeliveryTimeouts timeouts = new DeliveryTimeouts(deliveryTimeoutMs);
        final long sweepMillis = DeliveryTimeouts.sweepIntervalMillis(deliveryTimeoutMs);
        completions.scheduleWithFixedDelay(() -> timeouts.sweep(System.nanoTime(), outstanding.size()), sweepMillis,
            sweepMillis, TimeUnit.MILLISECONDS);
        this.sendContext = new PendingSend.Context(completions, budget, metrics, interceptors, outstanding,
            completeOnPublish, timeouts, clientConfig.minStores(), (partition, sequence) ->
            {
                final ProducerNode started = node;
                return started == null ? 0 : started.storesHolding(partition, sequence);
            });
        LOG.info("[Producer clientId={}] Dafka producer created: towers {}, acks={} ({} store(s), {}), record " +
            "format {}", clientId, clientConfig.towers(), acks, clientConfig.minStores().count(),
            clientConfig.minStores().source(), clientConfig.recordFormat());
    }

    @Override
    public Future<RecordMetadata> send(final ProducerRecord<K, V> record)
    {
        return send(record, null);
    }

    @Override
    public Future<RecordMetadata> send(final ProducerRecord<K, V> record, final Callback callback)
    {
        ensureOpen();
        final ProducerRecord<K, V> intercepted = interceptors.onSend(record);
        final long startNanos = System.nanoTime();
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
        final Headers headers = record.headers();
        final byte[] key = serialize(keySerializer, topic, headers, record.key(), "key");
        final byte[] value = serialize(valueSerializer, topic, headers, record.value(), "value");
        final long timestamp = record.timestamp() == null ? System.currentTimeMillis() : record.timestamp();
        final byte[] body = body(topic, timestamp, key, value, headers);
        ensureValidRecordSize(body.length);
        final ProducerNode engine = node();
        checkExplicitPartition(engine, record);
        final long waitedNanos = System.nanoTime() - startNanos;
        final long remainingNanos = ByteBudget.nanos(maxBlockMs) - waitedNanos;
        final int held = budget.heldBy(body.length);
        if (!budget.reserve(held, remainingNanos))
        {
            throw new BufferExhaustedException("Failed to allocate " + held + " bytes within the configured " +
                "max blocking time " + maxBlockMs + " ms. Total memory: " + budget.total() + " bytes. Available " +
                "memory: " + budget.available() + " bytes. Records no Dafka store has acknowledged yet hold the rest " +
                "(is a store running?)");
        }
        final PendingSend pending = new PendingSend(sendContext, topic, callback, readOnly(headers), timestamp,
            key == null ? -1 : key.length, value == null ? -1 : value.length, held);
        final SendFuture future = pending.start();
        try
        {
            engine.send(topic, body, pending);
            metrics.recordSend(body.length);
        }
        catch (final DafkaException e)
        {
            pending.abort(new KafkaException("Producer closed while send in progress", e));
        }
        return future;
    }

    private byte[] body(final String topic, final long timestamp, final byte[] key, final byte[] value,
        final Headers headers)
    {
        if (envelope)
        {
            return RecordEnvelope.encode(timestamp, key, value, headers);
        }
        if (!warnedRaw && (key != null || value == null || headers.toArray().length > 0))
        {
            warnedRaw = true;
            LOG.warn("[Producer clientId={}] dafka.record.format=raw sends the value bytes only: keys, headers, " +
                "timestamps and null values (sent as empty) are lost (first seen on topic {})", clientId, topic);
        }
        return value == null ? new byte[0] : value;
    }

    private void ensureValidRecordSize(final int size)
    {
        if (size > maxRequestSize)
        {
            throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger " +
                "than " + maxRequestSize + ", which is the value of the max.request.size configuration.");
        }
        if (size > budget.total())
        {
            throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger " +
                "than the total memory buffer you have configured with the buffer.memory configuration.");
        }
    }

    private void checkExplicitPartition(final ProducerNode engine, final ProducerRecord<K, V> record)
    {
        if (record.partition() == null)
        {
            return;
        }
        final int own = PartitionIds.of(partitionAddress(engine, record.topic()));
        if (record.partition() == own)
        {
            return;
        }
        if (rejectExplicitPartition)
        {
            throw new KafkaException("Invalid partition given with record: " + record.partition() + " is not this " +
                "producer's partition " + own + " of topic " + record.topic() + " (a Dafka producer writes exactly " +
                "one partition per topic; dafka.producer.explicit.partition=reject)");
        }
        if (warnedTopics.add(record.topic()))
        {
            LOG.warn("[Producer clientId={}] ignoring explicit partition {} for topic {}: a Dafka producer writes " +
                "exactly one partition per topic, here {} (set dafka.producer.explicit.partition=reject to fail " +
                "instead)", clientId, record.partition(), record.topic(), own);
        }
    }

    private <T> byte[] serialize(final Serializer<T> serializer, final String topic, final Headers headers,
        final T data, final String what)
    {
        try
        {
            return serializer.serialize(topic, headers, data);
        }
        catch (final ClassCastException e)
        {
            throw new SerializationException("Can't convert " + what + " of class " + data.getClass().getName() +
                " to class " + serializer.getClass().getName() + " specified in " + what + ".serializer", e);
        }
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
        if (Thread.currentThread() == completionThread)
        {
            throw new KafkaException("DafkaProducer.flush() invocation inside a callback is not permitted because " +
                "it may lead to deadlock.");
        }
        final List<CompletableFuture<RecordMetadata>> pending = new ArrayList<>(outstanding.size());
        for (final PendingSend send : outstanding)
        {
            pending.add(send.outcome());
        }
        // one wait after the other: no combined future (allOf builds a tree of relays as large as the backlog)
        for (final CompletableFuture<RecordMetadata> outcome : pending)
        {
            try
            {
                outcome.get();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new InterruptException("Flush interrupted.", e);
            }
            catch (final ExecutionException failed)
            {
                // flush does not throw for failed sends: their futures and callbacks report them
            }
        }
    }

    /** This producer's own partition of {@code topic} (created now if needed): one writable partition. */
    @Override
    public List<PartitionInfo> partitionsFor(final String topic)
    {
        ensureOpen();
        final ProducerNode engine = node();
        final int partition = PartitionIds.of(partitionAddress(engine, topic));
        final Node leader = new Node(PartitionIds.of(engine.address()), engine.host().isEmpty() ? "localhost" :
            engine.host(), engine.port());
        final Node[] replicas = {leader};
        return List.of(new PartitionInfo(topic, partition, leader, replicas, replicas));
    }

    /**
     * The Dafka partition (producer) address of {@code topic} written by this producer, created now if needed.
     * Its Kafka partition number is {@link PartitionIds#of} it.
     */
    public String partitionAddress(final String topic)
    {
        ensureOpen();
        return partitionAddress(node(), topic);
    }

    private String partitionAddress(final ProducerNode engine, final String topic)
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
        if (Thread.currentThread() == completionThread && !timeout.isZero())
        {
            LOG.warn("[Producer clientId={}] close with a timeout called from a callback: closing without waiting",
                clientId);
        }
        final ProducerNode engine;
        synchronized (lifecycle)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            engine = node;
        }
        final boolean wait = Thread.currentThread() != completionThread;
        final long budgetMs = wait ? Math.min(timeout.toMillis(), deliveryTimeoutMs) : 0;
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        if (engine != null)
        {
            if (!engine.close(Duration.ofMillis(budgetMs)))
            {
                LOG.warn("[Producer clientId={}] closed with records no Dafka store acknowledged; they are lost " +
                    "unless a store fetched them", clientId);
            }
        }
        completions.shutdown();
        if (wait)
        {
            awaitCompletions(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1000);
        }
        for (final PendingSend send : List.copyOf(outstanding))
        {
            send.failIfPending(new KafkaException("Producer is closed forcefully."));
        }
        Utils.closeQuietly(interceptors, "producer interceptors");
        Utils.closeQuietly(keySerializer, "producer keySerializer");
        Utils.closeQuietly(valueSerializer, "producer valueSerializer");
        Utils.closeQuietly(metrics, "producer metrics");
        LOG.debug("[Producer clientId={}] closed", clientId);
    }

    /** The configuration this producer runs with. */
    public DafkaClientConfig clientConfig()
    {
        return clientConfig;
    }

    private void awaitCompletions(final long millis)
    {
        try
        {
            if (!completions.awaitTermination(millis, TimeUnit.MILLISECONDS))
            {
                LOG.warn("[Producer clientId={}] callbacks still running at close", clientId);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private ProducerNode node()
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
                    node = ProducerNode.start(clientConfig.toCoreConfig());
                }
                catch (final DafkaException e)
                {
                    throw new TimeoutException("No Dafka tower answered at " + clientConfig.towers() + " within " +
                        "max.block.ms (" + maxBlockMs + " ms): " + e.getMessage(), e);
                }
            }
            return node;
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException(CLOSED);
        }
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
