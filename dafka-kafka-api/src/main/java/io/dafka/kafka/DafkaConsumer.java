package io.dafka.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import io.dafka.DafkaException;
import io.dafka.kafka.consumer.internals.ConsumerComponents;
import io.dafka.kafka.consumer.internals.ConsumerInterceptors;
import io.dafka.kafka.consumer.internals.ConsumerMetrics;
import io.dafka.kafka.consumer.internals.Deserializers;
import io.dafka.kafka.consumer.internals.GroupCoordinator;
import io.dafka.kafka.consumer.internals.LightLock;
import io.dafka.kafka.consumer.internals.NoOpRebalanceListener;
import io.dafka.kafka.consumer.internals.OffsetStore;

/**
 * Kafka's {@link Consumer} on Dafka. Construct it exactly like {@code KafkaConsumer}; {@code bootstrap.servers}
 * names towers. The members of a {@code group.id} share the partitions as in Kafka ({@link GroupCoordinator}); with
 * {@code dafka.consumer.group.mode=broadcast} {@code subscribe} assigns every partition as producers appear (the
 * listener hears each addition inside {@code poll}). {@code group.id} names a local, durable
 * store of committed offsets on this host. Offsets are Dafka sequences. Like KafkaConsumer it is not thread-safe:
 * concurrent use throws {@link java.util.ConcurrentModificationException}; {@link #wakeup()} may be called from any
 * thread. A thin facade over the parts in {@link io.dafka.kafka.consumer.internals}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DafkaConsumer<K, V> implements Consumer<K, V>
{
    private final Deserializers<K, V> deserializers;
    private final ConsumerInterceptors<K, V> interceptors;
    /** The group's metadata; null without a group.id. */
    private final ConsumerGroupMetadata groupMetadata;
    private final OffsetStore offsetStore;
    private final Duration defaultApiTimeout;
    private final ConsumerMetrics metrics;
    private final LightLock lock = new LightLock();
    private final ConsumerComponents<K, V> parts;

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

    public DafkaConsumer(final Map<String, Object> configs, final Deserializer<K> keyDeserializer,
        final Deserializer<V> valueDeserializer)
    {
        this(configs, keyDeserializer, valueDeserializer, Time.SYSTEM);
    }

    /** With the time source of its timeouts, intervals and metrics (tests advance a mock time). */
    DafkaConsumer(final Map<String, Object> configs, final Deserializer<K> keyDeserializer,
        final Deserializer<V> valueDeserializer, final Time time)
    {
        final DafkaClientConfig config = DafkaClientConfig.forConsumer(
            Deserializers.configsWith(configs, keyDeserializer, valueDeserializer));
        final ConsumerConfig kafka = config.consumerConfig();
        this.deserializers = new Deserializers<>(kafka, keyDeserializer, valueDeserializer);
        this.interceptors = ConsumerInterceptors.configured(kafka, config.clientId());
        final String groupId = kafka.getString(ConsumerConfig.GROUP_ID_CONFIG);
        this.groupMetadata = groupId == null ? null : new ConsumerGroupMetadata(groupId, -1, "",
            Optional.ofNullable(kafka.getString(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)));
        this.defaultApiTimeout = Duration.ofMillis(kafka.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        this.metrics = new ConsumerMetrics(kafka, config.clientId(), time);
        this.offsetStore = groupId == null ? null : config.offsetsInStores()
            ? new StoreOffsets(groupId, config.commitMinStores(), defaultApiTimeout)
            : CommittedOffsetStore.open(config, groupId);
        try
        {
            this.parts = new ConsumerComponents<>(config.toCoreConfig(), ConsumerComponents.Settings.of(kafka,
                offsetStore, deserializers.key(), deserializers.value(), EnvelopeReader.INSTANCE, PartitionIds::of,
                interceptors::onCommit, metrics, lock, time,
                config.splitGroups() ? GroupCoordinator.Membership.of(kafka, config.clientId()) : null));
        }
        catch (final DafkaException e)
        {
            closeQuietly(null);
            throw new KafkaException("Failed to construct Dafka consumer: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<TopicPartition> assignment()
    {
        return lock.call(() -> parts.subscriptions().assignment());
    }

    @Override
    public Set<String> subscription()
    {
        return lock.call(() -> parts.subscriptions().subscription());
    }

    @Override
    public void subscribe(final Collection<String> topics)
    {
        subscribe(topics, new NoOpRebalanceListener());
    }

    @Override
    public void subscribe(final Collection<String> topics, final ConsumerRebalanceListener listener)
    {
        lock.run(() -> parts.subscribe(topics, listener));
    }

    @Override
    public void subscribe(final Pattern pattern)
    {
        subscribe(pattern, new NoOpRebalanceListener());
    }

    /** Matches the topics that have a live producer: Dafka learns topic names from producers' HEADs. */
    @Override
    public void subscribe(final Pattern pattern, final ConsumerRebalanceListener listener)
    {
        lock.run(() -> parts.subscribe(pattern, listener));
    }

    /** As KafkaConsumer with the classic group protocol, the only one Dafka resembles. */
    @Override
    public void subscribe(final SubscriptionPattern pattern)
    {
        subscribe(pattern, new NoOpRebalanceListener());
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
        lock.run(() -> parts.assign(partitions));
    }

    @Override
    public void unsubscribe()
    {
        lock.run(parts::unsubscribe);
    }

    @Override
    public ConsumerRecords<K, V> poll(final Duration timeout)
    {
        return lock.call(() -> interceptors.onConsume(parts.poll(timeout)));
    }

    @Override
    public void wakeup()
    {
        lock.requestWakeup();
        parts.wakeup();
    }

    @Override
    public void commitSync()
    {
        commitSync(defaultApiTimeout);
    }

    @Override
    public void commitSync(final Duration timeout)
    {
        lock.run(() -> parts.commitSync(null));
    }

    @Override
    public void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets)
    {
        commitSync(offsets, defaultApiTimeout);
    }

    @Override
    public void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets, final Duration timeout)
    {
        lock.run(() -> parts.commitSync(offsets));
    }

    @Override
    public void commitAsync()
    {
        commitAsync(null);
    }

    @Override
    public void commitAsync(final OffsetCommitCallback callback)
    {
        lock.run(() -> parts.commitAsync(null, callback));
    }

    @Override
    public void commitAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback)
    {
        lock.run(() -> parts.commitAsync(offsets, callback));
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
        return lock.call(() -> parts.committer().committed(partitions));
    }

    @Override
    public void seek(final TopicPartition partition, final long offset)
    {
        lock.run(() -> parts.positions().seek(partition, offset));
    }

    @Override
    public void seek(final TopicPartition partition, final OffsetAndMetadata offsetAndMetadata)
    {
        seek(partition, offsetAndMetadata.offset());
    }

    @Override
    public void seekToBeginning(final Collection<TopicPartition> partitions)
    {
        lock.run(() -> parts.positions().seekToBeginning(partitions));
    }

    @Override
    public void seekToEnd(final Collection<TopicPartition> partitions)
    {
        lock.run(() -> parts.positions().seekToEnd(partitions));
    }

    @Override
    public long position(final TopicPartition partition)
    {
        return position(partition, defaultApiTimeout);
    }

    @Override
    public long position(final TopicPartition partition, final Duration timeout)
    {
        return lock.call(() -> parts.positions().position(partition, timeout));
    }

    @Override
    public void pause(final Collection<TopicPartition> partitions)
    {
        lock.run(() -> parts.positions().pause(partitions));
    }

    @Override
    public void resume(final Collection<TopicPartition> partitions)
    {
        lock.run(() -> parts.positions().resume(partitions));
    }

    @Override
    public Set<TopicPartition> paused()
    {
        return lock.call(() -> parts.positions().paused());
    }

    @Override
    public OptionalLong currentLag(final TopicPartition partition)
    {
        return lock.call(() -> parts.positions().currentLag(partition));
    }

    @Override
    public List<PartitionInfo> partitionsFor(final String topic)
    {
        return partitionsFor(topic, defaultApiTimeout);
    }

    @Override
    public List<PartitionInfo> partitionsFor(final String topic, final Duration timeout)
    {
        return lock.call(() -> parts.metadata().partitionsFor(topic));
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
        return lock.call(parts::listTopics);
    }

    /** By a binary search over the partition's record timestamps; see {@code PartitionMetadata}. */
    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(final Map<TopicPartition, Long> timestampsToSearch)
    {
        return offsetsForTimes(timestampsToSearch, defaultApiTimeout);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(final Map<TopicPartition, Long> timestampsToSearch,
        final Duration timeout)
    {
        return lock.call(() -> parts.metadata().offsetsForTimes(timestampsToSearch, timeout));
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
        return parts.metadata().beginningOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(final Collection<TopicPartition> partitions)
    {
        return endOffsets(partitions, defaultApiTimeout);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(final Collection<TopicPartition> partitions, final Duration timeout)
    {
        return lock.call(() -> parts.metadata().endOffsets(partitions));
    }

    @Override
    public ConsumerGroupMetadata groupMetadata()
    {
        parts.committer().requireGroupId();
        return lock.call(() -> parts.groupMetadata(groupMetadata));
    }

    /** A no-op in subscribe mode (no rebalance is forced yet), as KafkaConsumer requires a subscription. */
    @Override
    public void enforceRebalance()
    {
        enforceRebalance(null);
    }

    @Override
    public void enforceRebalance(final String reason)
    {
        lock.run(parts::enforceRebalance);
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
        lock.close(() -> parts.leave(options.groupMembershipOperation()), () -> closeQuietly(parts));
    }

    private void closeQuietly(final ConsumerComponents<K, V> started)
    {
        Utils.closeQuietly(started, "dafka consumer");
        Utils.closeQuietly(offsetStore, "committed offsets");
        Utils.closeQuietly(deserializers, "deserializers");
        Utils.closeQuietly(interceptors, "consumer interceptors");
        Utils.closeQuietly(metrics, "consumer metrics");
    }
}
