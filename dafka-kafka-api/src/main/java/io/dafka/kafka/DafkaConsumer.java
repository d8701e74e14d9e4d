package io.dafka.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.DafkaException;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.consumer.PartitionHead;
import io.dafka.consumer.StartPolicy;

/**
 * Kafka's {@link Consumer} on Dafka. Construct it exactly like {@code KafkaConsumer}; {@code bootstrap.servers}
 * names towers. There are no consumer groups: {@code subscribe} assigns every partition of the topics as
 * producers appear (the rebalance listener hears each addition inside {@code poll}), and {@code group.id} names a
 * local, durable store of committed offsets on this host. Offsets are Dafka sequences. Like KafkaConsumer it is
 * not thread-safe: concurrent use throws {@link ConcurrentModificationException}; {@link #wakeup()} may be called
 * from any thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DafkaConsumer<K, V> implements Consumer<K, V>
{
    private static final Logger LOG = LoggerFactory.getLogger(DafkaConsumer.class);
    private static final long NO_CURRENT_THREAD = -1L;
    private static final long POSITION_CHECK_NANOS = Duration.ofMillis(5).toNanos();

    private final DafkaClientConfig config;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final List<ConsumerInterceptor<K, V>> interceptors;
    private final OffsetResetPolicy resetPolicy;
    private final String groupId;
    private final Optional<String> groupInstanceId;
    private final CommittedOffsets committedOffsets;
    private final int maxPollRecords;
    private final boolean autoCommit;
    private final long autoCommitIntervalMs;
    private final Duration defaultApiTimeout;
    private final ConsumerNode node;
    private final ConsumerMetrics metrics;
    private TimeIndex timeIndex;
    private final PartitionNumbers numbers = new PartitionNumbers();
    private final AtomicBoolean wakeupRequested = new AtomicBoolean();
    private final AtomicLong currentThread = new AtomicLong(NO_CURRENT_THREAD);
    private final ArrayDeque<Runnable> pendingCallbacks = new ArrayDeque<>();
    private final List<ConsumedRecord> fetched = new ArrayList<>();
    /** Where the engine started each partition (topic + "/" + address), written on the engine's thread. */
    private final Map<String, Long> startPositions = new java.util.concurrent.ConcurrentHashMap<>();
    /** When each topic was subscribed (ms since the epoch): a latest head record older than that is skipped. */
    private final Map<String, Long> subscribedAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** Partitions started by latest at an announced head record not judged yet; the engine's thread only. */
    private final Set<String> headRecordsPending = new HashSet<>();
    private final Set<String> subscription = new LinkedHashSet<>();
    private final Map<TopicPartition, AssignedPartition> assignment = new LinkedHashMap<>();
    private ConsumerRebalanceListener rebalanceListener;
    /** The pattern of a pattern subscription, or null. */
    private Pattern subscribedPattern;
    private boolean subscribed;
    private boolean assigned;
    private long nextAutoCommitAt;
    private int refCount;
    private volatile boolean closed;

    public DafkaConsumer(final Map<String, Object> configs)
    {
        this(configs, null, null);
    }

    public DafkaConsumer(final Properties properties)
    {
        this(Utils.propsToMap(properties), null, null);
    }

    public DafkaConsumer(final Properties properties, final Deserializer<K> keyDeserializer,
        final Deserializer<V> valueDeserializer)
    {
        this(Utils.propsToMap(properties), keyDeserializer, valueDeserializer);
    }

    @SuppressWarnings("unchecked")
    public DafkaConsumer(final Map<String, Object> configs, final Deserializer<K> keyDeserializer,
        final Deserializer<V> valueDeserializer)
    {
        final Map<String, Object> withDeserializers = new HashMap<>(configs);
        if (keyDeserializer != null)
        {
            withDeserializers.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer.getClass());
        }
        if (valueDeserializer != null)
        {
            withDeserializers.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer.getClass());
        }
        this.config = DafkaClientConfig.forConsumer(withDeserializers);
        final ConsumerConfig kafka = config.consumerConfig();
        this.keyDeserializer = keyDeserializer != null ? keyDeserializer :
            kafka.getConfiguredInstance(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, Deserializer.class);
        this.valueDeserializer = valueDeserializer != null ? valueDeserializer :
            kafka.getConfiguredInstance(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, Deserializer.class);
        if (keyDeserializer == null)
        {
            this.keyDeserializer.configure(kafka.originals(), true);
        }
        if (valueDeserializer == null)
        {
            this.valueDeserializer.configure(kafka.originals(), false);
        }
        this.interceptors = (List<ConsumerInterceptor<K, V>>)(List<?>)kafka.getConfiguredInstances(
            ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ConsumerInterceptor.class,
            Map.of(ConsumerConfig.CLIENT_ID_CONFIG, config.clientId()));
        this.resetPolicy = OffsetResetPolicy.parse(kafka.getString(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        this.groupId = kafka.getString(ConsumerConfig.GROUP_ID_CONFIG);
        this.groupInstanceId = Optional.ofNullable(kafka.getString(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        this.maxPollRecords = kafka.getInt(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        this.autoCommit = groupId != null && kafka.getBoolean(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        this.autoCommitIntervalMs = kafka.getInt(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG);
        this.defaultApiTimeout = Duration.ofMillis(kafka.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        this.metrics = new ConsumerMetrics(kafka, config.clientId(), org.apache.kafka.common.utils.Time.SYSTEM);
        this.committedOffsets = groupId == null ? null : openOffsets(config, groupId);
        try
        {
            this.node = ConsumerNode.builder(config.toCoreConfig().with(
                    io.dafka.config.DafkaConfig.CONSUMER_DISCOVERY, "stores"))
                .startPolicy(new KafkaStartPolicy())
                .start();
            metrics.engine(node.metrics());
        }
        catch (final DafkaException e)
        {
            closeQuietly();
            throw new KafkaException("Failed to construct Dafka consumer: " + e.getMessage(), e);
        }
        this.nextAutoCommitAt = System.currentTimeMillis() + autoCommitIntervalMs;
    }

    // ---------------------------------------------------------------- subscription and assignment

    @Override
    public Set<TopicPartition> assignment()
    {
        acquire();
        try
        {
            refreshAssignment();
            return Collections.unmodifiableSet(new HashSet<>(assignment.keySet()));
        }
        finally
        {
            release();
        }
    }

    @Override
    public Set<String> subscription()
    {
        acquire();
        try
        {
            return subscribed ? Collections.unmodifiableSet(new HashSet<>(subscription)) : Set.of();
        }
        finally
        {
            release();
        }
    }

    @Override
    public void subscribe(final Collection<String> topics)
    {
        subscribe(topics, new NoOpListener());
    }

    @Override
    public void subscribe(final Collection<String> topics, final ConsumerRebalanceListener listener)
    {
        acquire();
        try
        {
            requireGroupId();
            if (topics == null)
            {
                throw new IllegalArgumentException("Topic collection to subscribe to cannot be null");
            }
            if (listener == null)
            {
                throw new IllegalArgumentException("RebalanceListener cannot be null");
            }
            if (assigned || subscribedPattern != null)
            {
                throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
            }
            if (topics.isEmpty())
            {
                unsubscribeInternal();
                return;
            }
            for (final String topic : topics)
            {
                if (Utils.isBlank(topic))
                {
                    throw new IllegalArgumentException("Topic collection to subscribe to cannot contain null or empty topic");
                }
            }
            final Set<String> wanted = new LinkedHashSet<>(topics);
            for (final String topic : new ArrayList<>(subscription))
            {
                if (!wanted.contains(topic))
                {
                    dropTopic(topic);
                }
            }
            for (final String topic : wanted)
            {
                if (subscription.add(topic))
                {
                    follow(topic);
                }
            }
            subscribed = true;
            rebalanceListener = listener;
        }
        finally
        {
            release();
        }
    }

    @Override
    public void subscribe(final Pattern pattern)
    {
        subscribe(pattern, new NoOpListener());
    }

    /**
     * Subscribes to every topic whose name matches {@code pattern} and that has a live producer: the consumer
     * learns topic names from producers' HEADs (Dafka has no topic listing), so a topic whose producers are all
     * gone is matched only once one writes again.
     */
    @Override
    public void subscribe(final Pattern pattern, final ConsumerRebalanceListener listener)
    {
        acquire();
        try
        {
            requireGroupId();
            if (pattern == null || pattern.toString().isEmpty())
            {
                throw new IllegalArgumentException("Topic pattern to subscribe to cannot be " +
                    (pattern == null ? "null" : "empty"));
            }
            if (listener == null)
            {
                throw new IllegalArgumentException("RebalanceListener cannot be null");
            }
            if (assigned || subscribed && subscribedPattern == null)
            {
                throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
            }
            for (final String topic : new ArrayList<>(subscription))
            {
                if (!pattern.matcher(topic).matches())
                {
                    dropTopic(topic);
                }
            }
            subscribedPattern = pattern;
            subscribed = true;
            rebalanceListener = listener;
            node.watchTopics();
            subscribeMatchingTopics();
        }
        finally
        {
            release();
        }
    }

    /** As KafkaConsumer with the classic group protocol, the only one Dafka resembles. */
    @Override
    public void subscribe(final SubscriptionPattern pattern)
    {
        subscribe(pattern, new NoOpListener());
    }

    @Override
    public void subscribe(final SubscriptionPattern pattern, final ConsumerRebalanceListener listener)
    {
        throw new UnsupportedOperationException(
            "Subscribe to RE2/J regular expression not supported in the CLASSIC consumer implementation.");
    }

    @Override
    public void assign(final Collection<TopicPartition> partitions)
    {
        acquire();
        try
        {
            if (partitions == null)
            {
                throw new IllegalArgumentException("Topic partition collection to assign to cannot be null");
            }
            if (subscribed)
            {
                throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
            }
            if (partitions.isEmpty())
            {
                unsubscribeInternal();
                return;
            }
            final Set<String> topics = new HashSet<>();
            for (final TopicPartition partition : partitions)
            {
                if (partition == null || Utils.isBlank(partition.topic()))
                {
                    throw new IllegalArgumentException("Topic partitions to assign to cannot have null or empty topic");
                }
                topics.add(partition.topic());
            }
            assignment.keySet().removeIf(partition -> !partitions.contains(partition));
            for (final TopicPartition partition : partitions)
            {
                assignment.computeIfAbsent(partition, p -> new AssignedPartition(p, null));
            }
            for (final String topic : new ArrayList<>(subscription))
            {
                if (!topics.contains(topic))
                {
                    subscription.remove(topic);
                    node.unsubscribe(topic);
                }
            }
            for (final String topic : topics)
            {
                if (subscription.add(topic))
                {
                    follow(topic);
                }
            }
            assigned = true;
            refreshAssignment();
        }
        finally
        {
            release();
        }
    }

    @Override
    public void unsubscribe()
    {
        acquire();
        try
        {
            unsubscribeInternal();
        }
        finally
        {
            release();
        }
    }

    // ---------------------------------------------------------------- poll

    @Override
    public ConsumerRecords<K, V> poll(final Duration timeout)
    {
        acquire();
        try
        {
            if (timeout.isNegative())
            {
                throw new IllegalArgumentException("Timeout must not be negative");
            }
            if (!subscribed && !assigned)
            {
                throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
            }
            runPendingCallbacks();
            maybeAutoCommit();
            final long deadline = System.nanoTime() + timeout.toNanos();
            final Map<TopicPartition, List<ConsumerRecord<K, V>>> records = new LinkedHashMap<>();
            int count = 0;
            long bytes = 0;
            do
            {
                throwIfWokenUp();
                refreshAssignment();
                throwIfNoPosition();
                fetched.clear();
                final long left = Math.max(0, deadline - System.nanoTime());
                node.poll(fetched, maxPollRecords - count, count == 0 ? Duration.ofNanos(left) : Duration.ZERO);
                for (final ConsumedRecord record : fetched)
                {
                    final ConsumerRecord<K, V> converted = accept(record);
                    if (converted != null)
                    {
                        records.computeIfAbsent(new TopicPartition(converted.topic(), converted.partition()),
                            p -> new ArrayList<>()).add(converted);
                        count++;
                        bytes += record.content().length;
                    }
                }
                throwIfWokenUp();
            }
            while (count == 0 && System.nanoTime() < deadline);
            metrics.recordConsumed(count, bytes); // once per poll, as Kafka's fetch metrics: Sensor.record locks
            ConsumerRecords<K, V> result = new ConsumerRecords<>(records, nextOffsets(records));
            for (final ConsumerInterceptor<K, V> interceptor : interceptors)
            {
                result = interceptor.onConsume(result);
            }
            return result;
        }
        finally
        {
            release();
        }
    }

    @Override
    public void wakeup()
    {
        wakeupRequested.set(true);
        node.wakeup();
    }

    // ---------------------------------------------------------------- commits

    @Override
    public void commitSync()
    {
        commitSync(defaultApiTimeout);
    }

    @Override
    public void commitSync(final Duration timeout)
    {
        acquire();
        try
        {
            runPendingCallbacks();
            commit(currentPositions());
        }
        finally
        {
            release();
        }
    }

    @Override
    public void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets)
    {
        commitSync(offsets, defaultApiTimeout);
    }

    @Override
    public void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets, final Duration timeout)
    {
        acquire();
        try
        {
            runPendingCallbacks();
            commit(offsets);
        }
        finally
        {
            release();
        }
    }

    @Override
    public void commitAsync()
    {
        commitAsync(null);
    }

    @Override
    public void commitAsync(final OffsetCommitCallback callback)
    {
        acquire();
        try
        {
            commitAsyncInternal(currentPositions(), callback);
        }
        finally
        {
            release();
        }
    }

    @Override
    public void commitAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback)
    {
        acquire();
        try
        {
            commitAsyncInternal(new HashMap<>(offsets), callback);
        }
        finally
        {
            release();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(final Set<TopicPartition> partitions)
    {
        return committed(partitions, defaultApiTimeout);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(final Set<TopicPartition> partitions,
        final Duration timeout)
    {
        acquire();
        try
        {
            requireGroupId();
            final Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
            for (final TopicPartition partition : partitions)
            {
                final String address = address(partition);
                final CommittedOffsets.Committed committed = address == null ? null :
                    committedOffsets.get(partition.topic(), address);
                result.put(partition, committed == null ? null :
                    new OffsetAndMetadata(committed.offset(), committed.metadata()));
            }
            return result;
        }
        finally
        {
            release();
        }
    }

    // ---------------------------------------------------------------- positions

    @Override
    public void seek(final TopicPartition partition, final long offset)
    {
        if (offset < 0)
        {
            throw new IllegalArgumentException("seek offset must not be a negative number");
        }
        acquire();
        try
        {
            moveTo(assigned(partition), offset);
        }
        finally
        {
            release();
        }
    }

    @Override
    public void seek(final TopicPartition partition, final OffsetAndMetadata offsetAndMetadata)
    {
        seek(partition, offsetAndMetadata.offset());
    }

    @Override
    public void seekToBeginning(final Collection<TopicPartition> partitions)
    {
        acquire();
        try
        {
            for (final AssignedPartition partition : selected(partitions))
            {
                moveTo(partition, 0);
            }
        }
        finally
        {
            release();
        }
    }

    @Override
    public void seekToEnd(final Collection<TopicPartition> partitions)
    {
        acquire();
        try
        {
            for (final AssignedPartition partition : selected(partitions))
            {
                final PartitionHead head = head(partition);
                moveTo(partition, head == null ? 0 : head.head() + 1);
            }
        }
        finally
        {
            release();
        }
    }

    @Override
    public long position(final TopicPartition partition)
    {
        return position(partition, defaultApiTimeout);
    }

    @Override
    public long position(final TopicPartition partition, final Duration timeout)
    {
        acquire();
        try
        {
            final AssignedPartition state = assigned(partition);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (true)
            {
                if (state.position >= 0)
                {
                    return state.position;
                }
                final PartitionHead head = head(state);
                final Long start = state.address == null ? null : startPositions.get(state.topic() + "/" + state.address);
                if (start != null)
                {
                    state.position = start; // nothing returned yet: the application is where the engine started
                    return state.position;
                }
                if (head != null && resetPolicy.kind() == OffsetResetPolicy.Kind.NONE)
                {
                    throw new NoOffsetForPartitionException(partition);
                }
                throwIfWokenUp();
                if (System.nanoTime() >= deadline)
                {
                    throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the position " +
                        "for partition " + partition + " could be determined");
                }
                LockSupport.parkNanos(POSITION_CHECK_NANOS); // the engine positions the partition on its own thread
                refreshAssignment();
            }
        }
        finally
        {
            release();
        }
    }

    @Override
    public void pause(final Collection<TopicPartition> partitions)
    {
        acquire();
        try
        {
            for (final TopicPartition partition : partitions)
            {
                final AssignedPartition state = assigned(partition);
                state.paused = true;
                if (state.position < 0 && state.address != null)
                {
                    // pin where the engine started: records it queued are dropped while paused, fetched again later
                    state.position = startPositions.getOrDefault(state.topic() + "/" + state.address, -1L);
                }
                if (state.address != null && state.position >= 0)
                {
                    node.pause(state.topic(), state.address, state.position);
                }
            }
        }
        finally
        {
            release();
        }
    }

    @Override
    public void resume(final Collection<TopicPartition> partitions)
    {
        acquire();
        try
        {
            for (final TopicPartition partition : partitions)
            {
                final AssignedPartition state = assigned(partition);
                if (state.paused && state.address != null)
                {
                    node.resume(state.topic(), state.address);
                }
                state.paused = false;
            }
        }
        finally
        {
            release();
        }
    }

    @Override
    public Set<TopicPartition> paused()
    {
        acquire();
        try
        {
            final Set<TopicPartition> paused = new HashSet<>();
            assignment.values().stream().filter(p -> p.paused).forEach(p -> paused.add(p.topicPartition));
            return Collections.unmodifiableSet(paused);
        }
        finally
        {
            release();
        }
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public List<PartitionInfo> partitionsFor(final String topic)
    {
        return partitionsFor(topic, defaultApiTimeout);
    }

    @Override
    public List<PartitionInfo> partitionsFor(final String topic, final Duration timeout)
    {
        acquire();
        try
        {
            final List<PartitionInfo> infos = new ArrayList<>();
            for (final PartitionHead head : node.partitions(topic))
            {
                infos.add(new PartitionInfo(topic, numbers.number(topic, head.partition()), Node.noNode(),
                    new Node[0], new Node[0]));
            }
            return infos;
        }
        finally
        {
            release();
        }
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics()
    {
        return listTopics(defaultApiTimeout);
    }

    /** The topics this consumer follows or was assigned: Dafka has no global topic listing. */
    @Override
    public Map<String, List<PartitionInfo>> listTopics(final Duration timeout)
    {
        final Map<String, List<PartitionInfo>> topics = new HashMap<>();
        for (final String topic : subscriptionSnapshot())
        {
            topics.put(topic, partitionsFor(topic, timeout));
        }
        return topics;
    }

    /**
     * The earliest offset whose timestamp is at or after the target, found by a binary search over the
     * partition with single-record fetches (producer timestamps are assumed non-decreasing, as Kafka's time index
     * assumes). Records without an envelope have no timestamp and are never found.
     */
    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(final Map<TopicPartition, Long> timestampsToSearch)
    {
        return offsetsForTimes(timestampsToSearch, defaultApiTimeout);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(final Map<TopicPartition, Long> timestampsToSearch,
        final Duration timeout)
    {
        for (final Map.Entry<TopicPartition, Long> entry : timestampsToSearch.entrySet())
        {
            if (entry.getValue() < 0)
            {
                throw new IllegalArgumentException("The target time for partition " + entry.getKey() + " is " +
                    entry.getValue() + ". The target time cannot be negative.");
            }
        }
        acquire();
        try
        {
            final long deadline = System.nanoTime() + timeout.toNanos();
            final Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
            for (final Map.Entry<TopicPartition, Long> entry : timestampsToSearch.entrySet())
            {
                final String address = address(entry.getKey());
                found.put(entry.getKey(), address == null ? null :
                    timeIndex().search(entry.getKey().topic(), address, endOffset(entry.getKey().topic(), address),
                        entry.getValue(), deadline));
            }
            return found;
        }
        finally
        {
            release();
        }
    }

    /** Every partition starts at offset 0: Dafka sequences start at 0 (until a store's retention removes some). */
    @Override
    public Map<TopicPartition, Long> beginningOffsets(final Collection<TopicPartition> partitions)
    {
        return beginningOffsets(partitions, defaultApiTimeout);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(final Collection<TopicPartition> partitions,
        final Duration timeout)
    {
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        partitions.forEach(partition -> offsets.put(partition, 0L));
        return offsets;
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(final Collection<TopicPartition> partitions)
    {
        return endOffsets(partitions, defaultApiTimeout);
    }

    /** The head + 1 of each partition as last announced by its producer or a store; 0 if none is known. */
    @Override
    public Map<TopicPartition, Long> endOffsets(final Collection<TopicPartition> partitions, final Duration timeout)
    {
        acquire();
        try
        {
            final Map<TopicPartition, Long> offsets = new HashMap<>();
            for (final TopicPartition partition : partitions)
            {
                final String address = address(partition);
                offsets.put(partition, address == null ? 0L : endOffset(partition.topic(), address));
            }
            return offsets;
        }
        finally
        {
            release();
        }
    }

    @Override
    public OptionalLong currentLag(final TopicPartition partition)
    {
        acquire();
        try
        {
            final AssignedPartition state = assigned(partition);
            final PartitionHead head = head(state);
            if (head == null || state.position < 0 || head.head() < 0)
            {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(0, head.head() + 1 - state.position));
        }
        finally
        {
            release();
        }
    }

    @Override
    public ConsumerGroupMetadata groupMetadata()
    {
        requireGroupId();
        return new ConsumerGroupMetadata(groupId, -1, "", groupInstanceId);
    }

    /** There is no group to rejoin: a no-op in subscribe mode, as KafkaConsumer requires a subscription. */
    @Override
    public void enforceRebalance()
    {
        enforceRebalance(null);
    }

    @Override
    public void enforceRebalance(final String reason)
    {
        acquire();
        try
        {
            if (!subscribed)
            {
                throw new IllegalStateException("Tried to force a rebalance but consumer does not have a group.");
            }
        }
        finally
        {
            release();
        }
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics()
    {
        return metrics.all();
    }

    @Override
    public Uuid clientInstanceId(final Duration timeout)
    {
        throw new IllegalStateException("Telemetry is not enabled. Set config `enable.metrics.push` to `true`.");
    }

    @Override
    public void registerMetricForSubscription(final KafkaMetric metric)
    {
        // no telemetry to report to
    }

    @Override
    public void unregisterMetricFromSubscription(final KafkaMetric metric)
    {
        // no telemetry to report to
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close()
    {
        close(CloseOptions.timeout(Duration.ofSeconds(30)));
    }

    @Deprecated
    @Override
    public void close(final Duration timeout)
    {
        close(CloseOptions.timeout(timeout));
    }

    @Override
    public void close(final CloseOptions options)
    {
        if (options.timeout().map(Duration::isNegative).orElse(false))
        {
            throw new IllegalArgumentException("The timeout cannot be negative.");
        }
        acquire(false);
        try
        {
            if (closed)
            {
                return;
            }
            try
            {
                if (autoCommit)
                {
                    commit(currentPositions());
                }
                if (subscribed && !assignment.isEmpty())
                {
                    rebalanceListener.onPartitionsRevoked(new HashSet<>(assignment.keySet()));
                }
                runPendingCallbacks();
            }
            finally
            {
                closed = true;
                closeQuietly();
            }
        }
        finally
        {
            release();
        }
    }

    // ---------------------------------------------------------------- internals

    /** Subscribes the engine to {@code topic}, noting when (a latest head record older than that is skipped). */
    private void follow(final String topic)
    {
        subscribedAt.put(topic, System.currentTimeMillis());
        node.subscribe(topic);
    }

    /** Where the engine starts partitions it sees for the first time: committed offsets and auto.offset.reset. */
    private final class KafkaStartPolicy implements StartPolicy
    {
        @Override
        public long firstSequence(final String topic, final String partition, final long observed,
            final boolean fromHead)
        {
            final CommittedOffsets.Committed committed = committedOffsets == null ? null :
                committedOffsets.get(topic, partition);
            final long first = committed != null ? committed.offset() : resetPolicy.firstSequence(observed, fromHead);
            if (committed == null && fromHead && resetPolicy.kind() == OffsetResetPolicy.Kind.LATEST)
            {
                headRecordsPending.add(topic + "/" + partition); // the position is known once the record is judged
            }
            else if (first != StartPolicy.UNPOSITIONED)
            {
                startPositions.put(topic + "/" + partition, first);
            }
            return first;
        }

        /**
         * Kafka's latest: records produced after the subscription are delivered, older ones are not. The head a
         * HEAD announced is either the first record of a producer that started after we subscribed (its HEAD
         * came before we had connected to it) or an older record; its timestamp tells (no timestamp: delivered).
         */
        @Override
        public boolean deliversHeadRecord(final String topic, final String partition, final long sequence,
            final byte[] content)
        {
            if (!headRecordsPending.remove(topic + "/" + partition))
            {
                return true;
            }
            final long timestamp = RecordEnvelope.decode(content).timestamp();
            final boolean deliver = timestamp == RecordEnvelope.NO_TIMESTAMP ||
                timestamp >= subscribedAt.getOrDefault(topic, Long.MIN_VALUE);
            startPositions.put(topic + "/" + partition, deliver ? sequence : sequence + 1);
            return deliver;
        }
    }

    /** Converts a delivered record if it belongs to an assigned, unpaused partition at its position; else null. */
    private ConsumerRecord<K, V> accept(final ConsumedRecord record)
    {
        final int number = numbers.number(record.topic(), record.partition());
        final TopicPartition topicPartition = new TopicPartition(record.topic(), number);
        AssignedPartition state = assignment.get(topicPartition);
        if (state == null && subscribed && subscription.contains(record.topic()))
        {
            refreshAssignment(); // the engine knows a partition we have not assigned yet: assign it now
            state = assignment.get(topicPartition);
        }
        if (state != null && state.address == null)
        {
            state.address = record.partition();
        }
        if (state == null || state.paused || state.position >= 0 && record.sequence() != state.position)
        {
            return null; // not ours, paused, or from before a seek: the engine delivers the right one again
        }
        final RecordEnvelope.Decoded decoded = RecordEnvelope.decode(record.content());
        if (decoded.timestamp() != RecordEnvelope.NO_TIMESTAMP && decoded.timestamp() < state.skipBefore)
        {
            state.position = record.sequence() + 1; // older than auto.offset.reset=by_duration allows
            return null;
        }
        state.skipBefore = Long.MIN_VALUE;
        final RecordHeaders headers = new RecordHeaders(decoded.headers());
        final K key = deserialize(keyDeserializer, RecordDeserializationException.DeserializationExceptionOrigin.KEY,
            decoded.key(), record, state, decoded, headers);
        final V value = deserialize(valueDeserializer,
            RecordDeserializationException.DeserializationExceptionOrigin.VALUE, decoded.value(), record, state,
            decoded, headers);
        state.position = record.sequence() + 1;
        return new ConsumerRecord<>(record.topic(), number, record.sequence(), decoded.timestamp(),
            decoded.timestamp() == RecordEnvelope.NO_TIMESTAMP ? TimestampType.NO_TIMESTAMP_TYPE :
                TimestampType.CREATE_TIME,
            decoded.key() == null ? -1 : decoded.key().length, decoded.value() == null ? -1 : decoded.value().length,
            key, value, headers, Optional.empty());
    }

    /**
     * Deserializes a key or value; on failure the position stays at this record (and the engine delivers it again)
     * and the application gets Kafka's {@link RecordDeserializationException} naming the side that failed.
     */
    private <T> T deserialize(final Deserializer<T> deserializer,
        final RecordDeserializationException.DeserializationExceptionOrigin origin, final byte[] bytes,
        final ConsumedRecord record, final AssignedPartition state, final RecordEnvelope.Decoded decoded,
        final RecordHeaders headers)
    {
        if (bytes == null)
        {
            return null;
        }
        try
        {
            return deserializer.deserialize(record.topic(), headers, bytes);
        }
        catch (final RuntimeException e)
        {
            state.position = record.sequence();
            node.seek(record.topic(), record.partition(), record.sequence());
            throw new RecordDeserializationException(origin, state.topicPartition, record.sequence(),
                decoded.timestamp(), TimestampType.CREATE_TIME, wrap(decoded.key()), wrap(decoded.value()), headers,
                "Error deserializing " + origin.name().toLowerCase(java.util.Locale.ROOT) + " for partition " +
                    state.topicPartition + " at offset " + record.sequence() +
                    ". If needed, please seek past the record to continue consumption.", e);
        }
    }

    private static ByteBuffer wrap(final byte[] bytes)
    {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    /** Adds the partitions discovered since the last call; in subscribe mode the listener hears about them. */
    private void refreshAssignment()
    {
        subscribeMatchingTopics();
        final List<TopicPartition> added = new ArrayList<>();
        for (final String topic : subscription)
        {
            for (final PartitionHead head : node.partitions(topic))
            {
                final TopicPartition partition = new TopicPartition(topic, numbers.number(topic, head.partition()));
                final AssignedPartition state = assignment.get(partition);
                if (state == null && subscribed)
                {
                    final AssignedPartition fresh = new AssignedPartition(partition, head.partition());
                    fresh.skipBefore = resetPolicy.cutoff(System.currentTimeMillis());
                    assignment.put(partition, fresh);
                    added.add(partition);
                }
                else if (state != null && state.address == null)
                {
                    state.address = head.partition(); // an assigned number finally seen
                    if (state.position >= 0)
                    {
                        node.seek(topic, state.address, state.position);
                    }
                }
            }
        }
        if (!added.isEmpty())
        {
            rebalanceListener.onPartitionsAssigned(added);
        }
    }

    private void subscribeMatchingTopics()
    {
        if (subscribedPattern == null)
        {
            return;
        }
        for (final String topic : node.seenTopics())
        {
            if (!subscription.contains(topic) && subscribedPattern.matcher(topic).matches())
            {
                subscription.add(topic);
                follow(topic);
            }
        }
    }

    private void throwIfNoPosition()
    {
        if (resetPolicy.kind() != OffsetResetPolicy.Kind.NONE)
        {
            return;
        }
        final List<TopicPartition> missing = new ArrayList<>();
        for (final AssignedPartition state : assignment.values())
        {
            final PartitionHead head = head(state);
            if (state.position < 0 && head != null && head.position() < 0)
            {
                missing.add(state.topicPartition);
            }
        }
        if (!missing.isEmpty())
        {
            throw new NoOffsetForPartitionException(missing);
        }
    }

    private void moveTo(final AssignedPartition state, final long offset)
    {
        state.position = offset;
        state.skipBefore = Long.MIN_VALUE;
        if (state.address != null)
        {
            if (state.paused)
            {
                node.pause(state.topic(), state.address, offset);
            }
            else
            {
                node.seek(state.topic(), state.address, offset);
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> currentPositions()
    {
        final Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (final AssignedPartition state : assignment.values())
        {
            if (state.position >= 0)
            {
                positions.put(state.topicPartition, new OffsetAndMetadata(state.position));
            }
        }
        return positions;
    }

    private void commit(final Map<TopicPartition, OffsetAndMetadata> offsets)
    {
        requireGroupId();
        final Map<CommittedOffsets.Key, CommittedOffsets.Committed> commits = new HashMap<>();
        for (final Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet())
        {
            final String address = address(entry.getKey());
            if (address == null)
            {
                throw new KafkaException("cannot commit " + entry.getKey() + ": no such partition has been seen");
            }
            commits.put(new CommittedOffsets.Key(entry.getKey().topic(), address),
                new CommittedOffsets.Committed(entry.getValue().offset(), entry.getValue().metadata()));
        }
        committedOffsets.commit(commits);
        for (final ConsumerInterceptor<K, V> interceptor : interceptors)
        {
            interceptor.onCommit(offsets);
        }
    }

    private void commitAsyncInternal(final Map<TopicPartition, OffsetAndMetadata> offsets,
        final OffsetCommitCallback callback)
    {
        Exception failure = null;
        try
        {
            commit(offsets);
        }
        catch (final KafkaException e)
        {
            failure = e;
        }
        final Exception result = failure;
        if (callback != null)
        {
            pendingCallbacks.add(() -> callback.onComplete(offsets, result)); // runs in a later poll, as in Kafka
        }
    }

    private void maybeAutoCommit()
    {
        if (autoCommit && System.currentTimeMillis() >= nextAutoCommitAt)
        {
            nextAutoCommitAt = System.currentTimeMillis() + autoCommitIntervalMs;
            commit(currentPositions());
        }
    }

    private void runPendingCallbacks()
    {
        for (Runnable callback = pendingCallbacks.poll(); callback != null; callback = pendingCallbacks.poll())
        {
            callback.run();
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> nextOffsets(
        final Map<TopicPartition, List<ConsumerRecord<K, V>>> records)
    {
        final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        records.forEach((partition, list) ->
            next.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1)));
        return next;
    }

    /** Drops every topic and partition; in subscribe mode the listener hears of the revocation once, as in Kafka. */
    private void unsubscribeInternal()
    {
        final Set<TopicPartition> revoked = subscribed ? new HashSet<>(assignment.keySet()) : Set.of();
        assignment.clear();
        for (final String topic : new ArrayList<>(subscription))
        {
            dropTopic(topic);
        }
        if (!revoked.isEmpty())
        {
            rebalanceListener.onPartitionsRevoked(revoked);
        }
        subscribed = false;
        assigned = false;
        subscribedPattern = null;
    }

    private void dropTopic(final String topic)
    {
        subscription.remove(topic);
        node.unsubscribe(topic);
        final List<TopicPartition> revoked = new ArrayList<>();
        assignment.keySet().removeIf(partition ->
        {
            final boolean ofTopic = partition.topic().equals(topic);
            if (ofTopic)
            {
                revoked.add(partition);
            }
            return ofTopic;
        });
        if (subscribed && !revoked.isEmpty())
        {
            rebalanceListener.onPartitionsRevoked(revoked);
        }
    }

    private AssignedPartition assigned(final TopicPartition partition)
    {
        final AssignedPartition state = assignment.get(partition);
        if (state == null)
        {
            throw new IllegalStateException("No current assignment for partition " + partition);
        }
        return state;
    }

    private List<AssignedPartition> selected(final Collection<TopicPartition> partitions)
    {
        if (partitions == null)
        {
            throw new IllegalArgumentException("Partitions collection cannot be null");
        }
        if (partitions.isEmpty())
        {
            return new ArrayList<>(assignment.values());
        }
        final List<AssignedPartition> selected = new ArrayList<>();
        partitions.forEach(partition -> selected.add(assigned(partition)));
        return selected;
    }

    private String address(final TopicPartition partition)
    {
        final AssignedPartition state = assignment.get(partition);
        if (state != null && state.address != null)
        {
            return state.address;
        }
        node.partitions(partition.topic()).forEach(head -> numbers.number(partition.topic(), head.partition()));
        return numbers.address(partition.topic(), partition.partition());
    }

    private PartitionHead head(final AssignedPartition state)
    {
        if (state.address == null)
        {
            return null;
        }
        for (final PartitionHead head : node.partitions(state.topic()))
        {
            if (head.partition().equals(state.address))
            {
                return head;
            }
        }
        return null;
    }

    private long endOffset(final String topic, final String address)
    {
        for (final PartitionHead head : node.partitions(topic))
        {
            if (head.partition().equals(address))
            {
                return head.head() + 1;
            }
        }
        return 0;
    }

    private Set<String> subscriptionSnapshot()
    {
        acquire();
        try
        {
            return new LinkedHashSet<>(subscription);
        }
        finally
        {
            release();
        }
    }

    private void requireGroupId()
    {
        if (groupId == null)
        {
            throw new InvalidGroupIdException("To use the group management or offset commit APIs, you must " +
                "provide a valid group.id in the consumer configuration.");
        }
    }

    private void throwIfWokenUp()
    {
        if (wakeupRequested.getAndSet(false))
        {
            throw new WakeupException();
        }
        if (Thread.interrupted())
        {
            throw new InterruptException(new InterruptedException());
        }
    }

    /** Kafka's light lock: a second thread using the consumer at the same time fails; so does a closed one. */
    private void acquire()
    {
        acquire(true);
    }

    private void acquire(final boolean ensureOpen)
    {
        final long threadId = Thread.currentThread().getId();
        if (threadId != currentThread.get() && !currentThread.compareAndSet(NO_CURRENT_THREAD, threadId))
        {
            throw new ConcurrentModificationException("KafkaConsumer is not safe for multi-threaded access. " +
                "currentThread(name: " + Thread.currentThread().getName() + ", id: " + threadId + ")" +
                " otherThread(id: " + currentThread.get() + ")");
        }
        if (ensureOpen && closed && refCount == 0)
        {
            currentThread.set(NO_CURRENT_THREAD);
            throw new IllegalStateException("This consumer has already been closed.");
        }
        refCount++;
    }

    private void release()
    {
        if (--refCount == 0)
        {
            currentThread.set(NO_CURRENT_THREAD);
        }
    }

    private TimeIndex timeIndex()
    {
        if (timeIndex == null)
        {
            timeIndex = new TimeIndex(config.toCoreConfig());
        }
        return timeIndex;
    }

    private void closeQuietly()
    {
        Utils.closeQuietly(timeIndex, "time index");
        Utils.closeQuietly(node, "dafka consumer node");
        Utils.closeQuietly(committedOffsets, "committed offsets");
        Utils.closeQuietly(keyDeserializer, "key deserializer");
        Utils.closeQuietly(valueDeserializer, "value deserializer");
        interceptors.forEach(interceptor -> Utils.closeQuietly(interceptor, "consumer interceptor"));
        Utils.closeQuietly(metrics, "consumer metrics");
    }

    private static CommittedOffsets openOffsets(final DafkaClientConfig config, final String groupId)
    {
        try
        {
            return CommittedOffsets.open(config.offsetsDir(), groupId);
        }
        catch (final IllegalStateException | java.io.UncheckedIOException e)
        {
            throw new KafkaException(e.getMessage(), e);
        }
    }

    /** The listener used when the application gives none. */
    private static final class NoOpListener implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
        {
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
        {
        }
    }
}
