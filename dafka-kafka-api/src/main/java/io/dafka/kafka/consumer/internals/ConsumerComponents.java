package io.dafka.kafka.consumer.internals;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumerNode;

/**
 * The parts of one Kafka consumer on Dafka, wired together around one consumer engine: the facade holds this and
 * delegates. Closing it stops the engine.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConsumerComponents<K, V> implements AutoCloseable
{
    private final ConsumerNode node;
    private final SubscriptionState subscriptions;
    private final PartitionPositions positions;
    private final FetchCollector<K, V> fetcher;
    private final OffsetCommitter committer;
    private final PartitionMetadata metadata;
    private final ConsumerMetrics metrics;
    /** The split group's coordinator, or null in broadcast mode or without a group. */
    private final GroupCoordinator group;

    /** What a consumer is made of besides its engine's configuration. */
    public record Settings<K, V>(OffsetResetPolicy resetPolicy, String groupId, OffsetStore offsetStore,
        boolean autoCommit, long autoCommitIntervalMs, int maxPollRecords, Deserializer<K> keyDeserializer,
        Deserializer<V> valueDeserializer, RecordReader reader, ToIntFunction<String> partitionIdOf,
        Consumer<Map<TopicPartition, OffsetAndMetadata>> onCommit, ConsumerMetrics metrics, LightLock lock,
        Time time, GroupCoordinator.Membership membership)
    {
        /** The settings {@code kafka} configures, with the parts made elsewhere. */
        public static <K, V> Settings<K, V> of(final ConsumerConfig kafka, final OffsetStore offsetStore,
            final Deserializer<K> keyDeserializer, final Deserializer<V> valueDeserializer, final RecordReader reader,
            final ToIntFunction<String> partitionIdOf, final Consumer<Map<TopicPartition, OffsetAndMetadata>> onCommit,
            final ConsumerMetrics metrics, final LightLock lock, final Time time,
            final GroupCoordinator.Membership membership)
        {
            return new Settings<>(OffsetResetPolicy.parse(kafka.getString(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)),
                kafka.getString(ConsumerConfig.GROUP_ID_CONFIG), offsetStore,
                kafka.getBoolean(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG),
                kafka.getInt(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG),
                kafka.getInt(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), keyDeserializer, valueDeserializer, reader,
                partitionIdOf, onCommit, metrics, lock, time, membership);
        }
    }

    /** Starts the engine (waiting for a tower's welcome) and wires the parts. */
    public ConsumerComponents(final DafkaConfig config, final Settings<K, V> settings)
    {
        final KafkaStartPolicy startPolicy = new KafkaStartPolicy(settings.offsetStore(), settings.resetPolicy(),
            settings.reader());
        final ConsumerNode.Builder builder = ConsumerNode.builder(config.with(DafkaConfig.CONSUMER_DISCOVERY, "stores"))
            .startPolicy(startPolicy);
        final GroupCoordinator.Membership membership = settings.groupId() == null ? null : settings.membership();
        if (membership != null)
        {
            builder.group(settings.groupId(), membership.instanceId().orElse(""), membership.timings());
        }
        final OffsetStore offsetStore = settings.offsetStore();
        if (offsetStore != null && offsetStore.usesStores())
        {
            builder.storeOffsets();
        }
        this.node = builder.start();
        if (offsetStore != null)
        {
            offsetStore.attach(node);
        }
        settings.metrics().engine(node.metrics());
        final PartitionDirectory directory = new PartitionDirectory(node, settings.partitionIdOf());
        this.subscriptions = new SubscriptionState(node, directory, settings.resetPolicy(), settings.time());
        this.positions = new PartitionPositions(node, subscriptions, directory, settings.resetPolicy(),
            settings.lock(), settings.time());
        this.fetcher = new FetchCollector<>(node, subscriptions, positions, settings.keyDeserializer(),
            settings.valueDeserializer(), settings.reader(), settings.metrics(), settings.lock(), settings.time(),
            settings.maxPollRecords());
        this.committer = new OffsetCommitter(settings.groupId(), settings.offsetStore(), subscriptions, positions,
            settings.onCommit(), settings.autoCommit(), settings.autoCommitIntervalMs(), settings.metrics(),
            settings.time(), this::memberMetadata, this::fenced);
        this.metrics = settings.metrics();
        this.group = membership == null ? null : new GroupCoordinator(node, subscriptions, directory, positions,
            settings.offsetStore(), settings.groupId(), membership, committer::autoCommitBeforeRevocation);
        if (group != null)
        {
            subscriptions.assignByGroup();
        }
        this.metadata = new PartitionMetadata(subscriptions, directory, config, settings.reader(), settings.time());
    }

    public SubscriptionState subscriptions()
    {
        return subscriptions;
    }

    public PartitionPositions positions()
    {
        return positions;
    }

    public FetchCollector<K, V> fetcher()
    {
        return fetcher;
    }

    public OffsetCommitter committer()
    {
        return committer;
    }

    public PartitionMetadata metadata()
    {
        return metadata;
    }

    /** Subscribes to {@code topics} (a group is required, as in Kafka). */
    public void subscribe(final Collection<String> topics, final ConsumerRebalanceListener listener)
    {
        committer.requireGroupId();
        committer.refresh(); // before the engine starts partitions at their committed offsets
        subscriptions.subscribe(topics, listener);
        joinGroup();
    }

    /** Subscribes to the topics matching {@code pattern} (a group is required, as in Kafka). */
    public void subscribe(final Pattern pattern, final ConsumerRebalanceListener listener)
    {
        committer.requireGroupId();
        committer.refresh();
        subscriptions.subscribe(pattern, listener);
        joinGroup();
    }

    /** Assigns {@code partitions} manually, after reading the group's committed offsets (if it has a group). */
    public void assign(final Collection<TopicPartition> partitions)
    {
        if (partitions != null && !partitions.isEmpty())
        {
            committer.refresh();
        }
        subscriptions.assign(partitions);
    }

    /** Drops every topic and partition, leaving the group. */
    public void unsubscribe()
    {
        subscriptions.unsubscribe();
        if (group != null)
        {
            group.leave();
        }
    }

    /** The group's metadata (real generation and member id in a split group); null without a group. */
    public ConsumerGroupMetadata groupMetadata(final ConsumerGroupMetadata broadcast)
    {
        return group == null ? broadcast : group.metadata();
    }

    /** The stores refused a commit: a split group's member lost its partitions to another member. */
    private void fenced()
    {
        if (group != null)
        {
            group.fenced();
        }
    }

    /** The member's generation and id, sent with its commits; null outside a split group. */
    private ConsumerGroupMetadata memberMetadata()
    {
        return group == null ? null : group.metadata();
    }

    private void joinGroup()
    {
        if (group != null && subscriptions.subscribed())
        {
            group.join();
        }
    }

    /** Runs due commit callbacks and the automatic commit, then returns the next records. */
    public ConsumerRecords<K, V> poll(final Duration timeout)
    {
        if (timeout.isNegative())
        {
            throw new IllegalArgumentException("Timeout must not be negative");
        }
        if (!subscriptions.active())
        {
            throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
        }
        metrics.recordPoll();
        if (group != null)
        {
            group.poll();
        }
        committer.runPendingCallbacks();
        committer.maybeAutoCommit();
        return fetcher.poll(timeout);
    }

    /**
     * Commits {@code offsets}, or the positions if null, after the callbacks of earlier asynchronous commits; a
     * member of a group commits only what it owns ({@link CommitFailedException}).
     */
    public void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets)
    {
        committer.runPendingCallbacks();
        final Map<TopicPartition, OffsetAndMetadata> commits = offsets == null ? positions.current() : offsets;
        if (group != null)
        {
            group.requireOwned(commits.keySet());
        }
        committer.commit(commits);
    }

    /** As {@link #commitSync}, the outcome reported to {@code callback} in a later call, in commit order. */
    public void commitAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback)
    {
        final Map<TopicPartition, OffsetAndMetadata> commits = offsets == null ? positions.current() : offsets;
        try
        {
            if (group != null)
            {
                group.requireOwned(commits.keySet());
            }
        }
        catch (final CommitFailedException e)
        {
            committer.refuseAsync(commits, callback, e);
            return;
        }
        committer.commitAsync(commits, callback);
    }

    /** The topics this consumer follows or was assigned, with their partitions. */
    public Map<String, List<PartitionInfo>> listTopics()
    {
        final Map<String, List<PartitionInfo>> topics = new HashMap<>();
        subscriptions.topics().forEach(topic -> topics.put(topic, metadata.partitionsFor(topic)));
        return topics;
    }

    /** There is no group to rejoin; as Kafka, fails without a subscription. */
    public void enforceRebalance()
    {
        if (!subscriptions.subscribed())
        {
            throw new IllegalStateException("Tried to force a rebalance but consumer does not have a group.");
        }
    }

    /**
     * What close does before stopping: the last automatic commit, the revocation, leaving the group as
     * {@code membership} says (by default a static member stays, as in Kafka), pending callbacks.
     */
    public void leave(final CloseOptions.GroupMembershipOperation membership)
    {
        committer.autoCommitOnClose();
        subscriptions.revokeAll();
        if (group != null)
        {
            group.close(membership);
        }
        committer.runPendingCallbacks();
    }

    /** Any thread: ends a blocked poll. */
    public void wakeup()
    {
        node.wakeup();
    }

    @Override
    public void close()
    {
        Utils.closeQuietly(metadata, "partition metadata");
        Utils.closeQuietly(node, "dafka consumer node");
    }
}
