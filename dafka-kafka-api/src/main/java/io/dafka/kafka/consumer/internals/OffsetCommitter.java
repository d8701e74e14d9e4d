package io.dafka.kafka.consumer.internals;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits and reads the group's offsets in its {@link OffsetStore} (a file on this host, or the stores): synchronous, asynchronous (the
 * callback runs in a later call, as in Kafka) and automatic ({@code auto.commit.interval.ms}). User thread only.
 */
public final class OffsetCommitter
{
    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);

    private final String groupId;
    private final OffsetStore store;
    private final SubscriptionState subscriptions;
    private final PartitionPositions positions;
    private final Consumer<Map<TopicPartition, OffsetAndMetadata>> onCommit;
    private final Time time;
    private final ConsumerMetrics metrics;
    /** The member's generation and id in a split group; null otherwise. */
    private final Supplier<ConsumerGroupMetadata> member;
    /** Told that the stores refused a commit: another member, of a newer or rival generation, owns a partition. */
    private final Runnable onFenced;
    private final boolean autoCommit;
    private final long autoCommitIntervalMs;
    private final ArrayDeque<Runnable> pendingCallbacks = new ArrayDeque<>();
    private long nextAutoCommitAt;

    /**
     * @param groupId  the group, or null (then commits fail as in Kafka)
     * @param store    the group's offsets, null without a group
     * @param onCommit told of each successful commit (the interceptors)
     * @param member   the member's generation and id in a split group (null outside one), sent with each commit
     * @param onFenced told when the stores refuse a commit as fenced
     */
    OffsetCommitter(final String groupId, final OffsetStore store, final SubscriptionState subscriptions,
        final PartitionPositions positions, final Consumer<Map<TopicPartition, OffsetAndMetadata>> onCommit,
        final boolean autoCommit, final long autoCommitIntervalMs, final ConsumerMetrics metrics, final Time time,
        final Supplier<ConsumerGroupMetadata> member, final Runnable onFenced)
    {
        this.member = member;
        this.onFenced = onFenced;
        this.metrics = metrics;
        this.groupId = groupId;
        this.store = store;
        this.subscriptions = subscriptions;
        this.positions = positions;
        this.onCommit = onCommit;
        this.time = time;
        this.autoCommit = groupId != null && autoCommit;
        this.autoCommitIntervalMs = autoCommitIntervalMs;
        this.nextAutoCommitAt = time.milliseconds() + autoCommitIntervalMs;
    }

    /** Commits the positions the application reached; returns once durable. */
    public void commitPositions()
    {
        commit(positions.current());
    }

    /** Commits {@code offsets}; returns once durable. */
    public void commit(final Map<TopicPartition, OffsetAndMetadata> offsets)
    {
        requireGroupId();
        final Map<OffsetStore.Address, OffsetAndMetadata> commits = new HashMap<>();
        for (final Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet())
        {
            final String address = subscriptions.address(entry.getKey());
            if (address == null)
            {
                throw new KafkaException("cannot commit " + entry.getKey() + ": no such partition has been seen");
            }
            commits.put(new OffsetStore.Address(entry.getKey().topic(), address), entry.getValue());
        }
        final long start = time.milliseconds();
        try
        {
            store.commit(commits, member.get());
        }
        catch (final CommitFailedException e)
        {
            onFenced.run();
            throw e;
        }
        metrics.recordCommit(time.milliseconds() - start);
        onCommit.accept(offsets);
    }

    /** Commits now; the callback hears the outcome in a later poll or commit, as in Kafka. */
    public void commitAsync(final Map<TopicPartition, OffsetAndMetadata> requested,
        final OffsetCommitCallback callback)
    {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(requested); // the callback's own copy
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
            pendingCallbacks.add(() -> callback.onComplete(offsets, result));
        }
    }

    /** A commit refused before it was made: the callback hears {@code failure} in a later call, in commit order. */
    public void refuseAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback,
        final KafkaException failure)
    {
        if (callback != null)
        {
            final Map<TopicPartition, OffsetAndMetadata> copy = new HashMap<>(offsets);
            pendingCallbacks.add(() -> callback.onComplete(copy, failure));
        }
    }

    /** With enable.auto.commit: commits the positions when the interval has passed. */
    public void maybeAutoCommit()
    {
        if (autoCommit && time.milliseconds() >= nextAutoCommitAt)
        {
            nextAutoCommitAt = time.milliseconds() + autoCommitIntervalMs;
            commitPositions();
        }
    }

    /**
     * With enable.auto.commit, before a rebalance takes partitions away: as Kafka, commits the positions reached, so
     * that their next owners start there. A failure (this member was fenced, or no store answered) is logged: the
     * next owners then start at the previous commit, as in Kafka.
     */
    public void autoCommitBeforeRevocation()
    {
        if (autoCommit)
        {
            try
            {
                commitPositions();
            }
            catch (final KafkaException e)
            {
                LOG.warn("group {}: the automatic commit before the rebalance failed, the next owners of the " +
                    "revoked partitions start at their previous commit: {}", groupId, e.getMessage());
            }
        }
    }

    /** At close: the last automatic commit. */
    public void autoCommitOnClose()
    {
        if (autoCommit)
        {
            commitPositions();
        }
    }

    public void runPendingCallbacks()
    {
        for (Runnable callback = pendingCallbacks.poll(); callback != null; callback = pendingCallbacks.poll())
        {
            callback.run();
        }
    }

    public Map<TopicPartition, OffsetAndMetadata> committed(final Set<TopicPartition> partitions)
    {
        requireGroupId();
        store.refresh();
        final Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (final TopicPartition partition : partitions)
        {
            final String address = subscriptions.address(partition);
            result.put(partition, address == null ? null : store.get(partition.topic(), address));
        }
        return result;
    }

    /** With a group: reads its committed offsets from where they are kept (a no-op for the offsets file). */
    public void refresh()
    {
        if (store != null)
        {
            store.refresh();
        }
    }

    public void requireGroupId()
    {
        if (groupId == null)
        {
            throw new InvalidGroupIdException("To use the group management or offset commit APIs, you must " +
                "provide a valid group.id in the consumer configuration.");
        }
    }
}
