package io.dafka.kafka.consumer.internals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import io.dafka.consumer.ConsumerNode;
import io.dafka.consumer.PartitionHead;

/**
 * What the consumer follows: the subscribed topics (or pattern) or the assigned partitions, and the assignment
 * with each partition's state ({@link AssignedPartition}). In subscribe mode every partition of the topics is
 * assigned as its producer appears and the rebalance listener hears each addition and the revocation. User
 * thread only (under the consumer's light lock).
 */
public final class SubscriptionState
{
    private final ConsumerNode node;
    private final PartitionDirectory directory;
    private final OffsetResetPolicy resetPolicy;
    private final Time time;
    private final Set<String> subscription = new LinkedHashSet<>();
    private final Map<TopicPartition, AssignedPartition> assignment = new LinkedHashMap<>();
    private ConsumerRebalanceListener listener;
    /** The pattern of a pattern subscription, or null. */
    private Pattern pattern;
    private boolean subscribed;
    private boolean assigned;
    /** In subscribe mode, the group assigns the partitions ({@link GroupCoordinator}) rather than all being taken. */
    private boolean grouped;
    /** Counts the engine's repositions of any partition: {@link AssignedPartition#repositionedAt}. */
    private long repositionCount;

    SubscriptionState(final ConsumerNode node, final PartitionDirectory directory,
        final OffsetResetPolicy resetPolicy, final Time time)
    {
        this.node = node;
        this.directory = directory;
        this.resetPolicy = resetPolicy;
        this.time = time;
    }

    /** From now on the group assigns partitions in subscribe mode (split groups). */
    void assignByGroup()
    {
        grouped = true;
    }

    ConsumerRebalanceListener listener()
    {
        return listener;
    }

    /** The group gave this member {@code partition} (split groups). */
    void addOwned(final TopicPartition partition, final String address)
    {
        final AssignedPartition fresh = new AssignedPartition(partition, address);
        fresh.skipBefore = resetPolicy.cutoff(time.milliseconds());
        assignment.put(partition, fresh);
    }

    /** The group took {@code partitions} back (split groups). */
    void removeOwned(final Collection<TopicPartition> partitions)
    {
        assignment.keySet().removeAll(partitions);
    }

    public Set<TopicPartition> assignment()
    {
        refresh();
        return Collections.unmodifiableSet(new HashSet<>(assignment.keySet()));
    }

    public Set<String> subscription()
    {
        return subscribed ? Collections.unmodifiableSet(new HashSet<>(subscription)) : Set.of();
    }

    /** The topics followed, subscribed or assigned. */
    public Set<String> topics()
    {
        return new LinkedHashSet<>(subscription);
    }

    /** Whether anything is subscribed or assigned. */
    public boolean active()
    {
        return subscribed || assigned;
    }

    public boolean subscribed()
    {
        return subscribed;
    }

    public void subscribe(final Collection<String> topics, final ConsumerRebalanceListener rebalanceListener)
    {
        if (topics == null)
        {
            throw new IllegalArgumentException("Topic collection to subscribe to cannot be null");
        }
        if (rebalanceListener == null)
        {
            throw new IllegalArgumentException("RebalanceListener cannot be null");
        }
        if (assigned || pattern != null)
        {
            throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
        }
        if (topics.isEmpty())
        {
            unsubscribe();
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
        wanted.forEach(this::follow);
        subscribed = true;
        listener = rebalanceListener;
    }

    /**
     * Subscribes to every topic whose name matches {@code regex} and that has a live producer: the consumer
     * learns topic names from producers' HEADs (Dafka has no topic listing).
     */
    public void subscribe(final Pattern regex, final ConsumerRebalanceListener rebalanceListener)
    {
        if (regex == null || regex.toString().isEmpty())
        {
            throw new IllegalArgumentException("Topic pattern to subscribe to cannot be " +
                (regex == null ? "null" : "empty"));
        }
        if (rebalanceListener == null)
        {
            throw new IllegalArgumentException("RebalanceListener cannot be null");
        }
        if (assigned || subscribed && pattern == null)
        {
            throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
        }
        for (final String topic : new ArrayList<>(subscription))
        {
            if (!regex.matcher(topic).matches())
            {
                dropTopic(topic);
            }
        }
        pattern = regex;
        subscribed = true;
        listener = rebalanceListener;
        node.watchTopics();
        subscribeMatchingTopics();
    }

    public void assign(final Collection<TopicPartition> partitions)
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
            unsubscribe();
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
        topics.forEach(this::follow);
        assigned = true;
        refresh();
    }

    /** Drops every topic and partition; in subscribe mode the listener hears of the revocation once, as in Kafka. */
    public void unsubscribe()
    {
        final Set<TopicPartition> revoked = subscribed ? new HashSet<>(assignment.keySet()) : Set.of();
        assignment.clear();
        for (final String topic : new ArrayList<>(subscription))
        {
            dropTopic(topic);
        }
        if (!revoked.isEmpty())
        {
            listener.onPartitionsRevoked(revoked);
        }
        subscribed = false;
        assigned = false;
        pattern = null;
    }

    /** At close: tells the listener the assigned partitions are revoked (subscribe mode). */
    public void revokeAll()
    {
        if (subscribed && !assignment.isEmpty())
        {
            listener.onPartitionsRevoked(new HashSet<>(assignment.keySet()));
        }
    }

    /** Adds the partitions discovered since the last call; in subscribe mode the listener hears about them. */
    public void refresh()
    {
        subscribeMatchingTopics();
        final List<TopicPartition> added = new ArrayList<>();
        for (final String topic : subscription)
        {
            for (final PartitionHead head : directory.heads(topic))
            {
                final TopicPartition partition = directory.topicPartition(topic, head.partition());
                final AssignedPartition state = assignment.get(partition);
                if (state == null && subscribed && !grouped)
                {
                    final AssignedPartition fresh = new AssignedPartition(partition, head.partition());
                    fresh.skipBefore = resetPolicy.cutoff(time.milliseconds());
                    assignment.put(partition, fresh);
                    added.add(partition);
                }
                else if (state != null && state.address == null)
                {
                    bind(state, head.partition());
                }
            }
        }
        if (!added.isEmpty())
        {
            listener.onPartitionsAssigned(added);
        }
    }

    /**
     * The state of the partition a polled record belongs to, or null if the record is not to be returned: its
     * partition is not assigned (with {@code assign}, the engine follows whole topics), or it was repositioned
     * while the record was handled (the rebalance listener sought it, or its assigned number was just bound to
     * the address, applying an earlier seek or pause): the engine delivers the right records again.
     */
    AssignedPartition stateOf(final String topic, final String address, final long sequence)
    {
        final TopicPartition partition = directory.topicPartition(topic, address);
        AssignedPartition state = assignment.get(partition);
        if (state != null && state.address != null)
        {
            return state;
        }
        if (state != null)
        {
            if (state.paused && state.position < 0)
            {
                state.position = sequence; // paused before it was seen: resuming starts at this record, polled now
            }
            bind(state, address); // an assigned number seen: the engine applies the seek or pause made before
        }
        else if (subscribed && subscription.contains(topic))
        {
            refresh(); // the engine published the partition before this record: assign it (the listener may seek)
            state = assignment.get(partition);
        }
        // Assigned or bound just now, so never repositioned before: a reposition now came after this record.
        return state == null || state.repositions > 0 ? null : state;
    }

    /**
     * Marks a moment: a partition whose {@link AssignedPartition#repositionedAt} is above the mark was repositioned
     * after it, so a record of it taken from the engine before is stale.
     */
    long repositionMark()
    {
        return repositionCount;
    }

    /** Tells the engine to deliver the partition from {@code offset}; returns once applied. Needs its address. */
    void seekEngine(final AssignedPartition state, final long offset)
    {
        state.repositions++;
        state.repositionedAt = ++repositionCount;
        node.seek(state.topic(), state.address, offset);
    }

    /** Tells the engine to pause the partition, taking back what was not polled; returns once applied. */
    void pauseEngine(final AssignedPartition state)
    {
        state.repositions++;
        state.repositionedAt = ++repositionCount;
        node.pause(state.topic(), state.address);
    }

    /** An assigned partition number is seen at last: the engine applies the pause and seek made before. */
    private void bind(final AssignedPartition state, final String address)
    {
        state.address = address;
        if (state.paused)
        {
            pauseEngine(state);
        }
        if (state.position >= 0)
        {
            seekEngine(state, state.position);
        }
    }

    AssignedPartition assigned(final TopicPartition partition)
    {
        final AssignedPartition state = assignment.get(partition);
        if (state == null)
        {
            throw new IllegalStateException("No current assignment for partition " + partition);
        }
        return state;
    }

    /** The states of {@code partitions}, or of the whole assignment if empty. */
    List<AssignedPartition> selected(final Collection<TopicPartition> partitions)
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

    /** The assigned partitions as they are (no refresh). */
    Set<TopicPartition> assignedPartitions()
    {
        return assignment.keySet();
    }

    Collection<AssignedPartition> states()
    {
        return assignment.values();
    }

    /** The address of a partition, assigned or only seen; null if unknown. */
    String address(final TopicPartition partition)
    {
        final AssignedPartition state = assignment.get(partition);
        return state != null && state.address != null ? state.address : directory.address(partition);
    }

    private void follow(final String topic)
    {
        if (subscription.add(topic))
        {
            node.subscribe(topic, time.milliseconds());
        }
    }

    private void subscribeMatchingTopics()
    {
        if (pattern == null)
        {
            return;
        }
        for (final String topic : node.seenTopics())
        {
            if (!subscription.contains(topic) && pattern.matcher(topic).matches())
            {
                follow(topic);
            }
        }
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
            listener.onPartitionsRevoked(revoked);
        }
    }
}
