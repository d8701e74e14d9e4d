package io.dafka.kafka.consumer.internals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;

import io.dafka.consumer.ConsumerNode;
import io.dafka.consumer.PartitionHead;

/**
 * Positions and pause state of the assigned partitions: seeks, {@code position}, pause and resume, lag. The
 * position of a partition is the consumed position ({@link AssignedPartition#position}): the offset of the next
 * record {@code poll} returns; until the application got one it is where the engine started the partition. Seek
 * and pause are applied by the engine before they return (see {@link io.dafka.consumer.ConsumerNode#seek}), so
 * no record polled afterwards predates them. User thread only.
 */
public final class PartitionPositions
{
    private final ConsumerNode node;
    private final SubscriptionState subscriptions;
    private final PartitionDirectory directory;
    private final OffsetResetPolicy resetPolicy;
    private final LightLock lock;
    private final Time time;

    PartitionPositions(final ConsumerNode node, final SubscriptionState subscriptions,
        final PartitionDirectory directory, final OffsetResetPolicy resetPolicy,
        final LightLock lock, final Time time)
    {
        this.node = node;
        this.subscriptions = subscriptions;
        this.directory = directory;
        this.resetPolicy = resetPolicy;
        this.lock = lock;
        this.time = time;
    }

    public void seek(final TopicPartition partition, final long offset)
    {
        if (offset < 0)
        {
            throw new IllegalArgumentException("seek offset must not be a negative number");
        }
        moveTo(subscriptions.assigned(partition), offset);
    }

    public void seekToBeginning(final Collection<TopicPartition> partitions)
    {
        subscriptions.selected(partitions).forEach(state -> moveTo(state, 0));
    }

    public void seekToEnd(final Collection<TopicPartition> partitions)
    {
        for (final AssignedPartition state : subscriptions.selected(partitions))
        {
            final PartitionHead head = directory.head(state.topic(), state.address);
            moveTo(state, head == null ? 0 : head.head() + 1);
        }
    }

    /** The position, waiting up to {@code timeout} for the engine to start a partition it has not started yet. */
    public long position(final TopicPartition partition, final Duration timeout)
    {
        final AssignedPartition state = subscriptions.assigned(partition);
        final long deadline = time.nanoseconds() + timeout.toNanos();
        while (true)
        {
            if (state.position >= 0)
            {
                return state.position;
            }
            final PartitionHead head = directory.head(state.topic(), state.address);
            if (head != null && head.start() >= 0)
            {
                state.position = head.start(); // nothing returned yet: the application is where the engine started
                return state.position;
            }
            if (head != null && resetPolicy.kind() == OffsetResetPolicy.Kind.NONE)
            {
                throw new NoOffsetForPartitionException(partition);
            }
            lock.throwIfWokenUp();
            final long left = deadline - time.nanoseconds();
            if (left <= 0)
            {
                throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the position " +
                    "for partition " + partition + " could be determined");
            }
            node.awaitChange(Duration.ofNanos(left)); // the engine starts the partition on its own thread
            subscriptions.refresh();
        }
    }

    /** Pauses the partitions: the engine takes back their records not polled yet and delivers them on resume. */
    public void pause(final Collection<TopicPartition> partitions)
    {
        for (final TopicPartition partition : partitions)
        {
            final AssignedPartition state = subscriptions.assigned(partition);
            state.paused = true;
            if (state.address != null)
            {
                subscriptions.pauseEngine(state); // else when its address is seen
            }
        }
    }

    public void resume(final Collection<TopicPartition> partitions)
    {
        for (final TopicPartition partition : partitions)
        {
            final AssignedPartition state = subscriptions.assigned(partition);
            if (state.paused && state.address != null)
            {
                node.resume(state.topic(), state.address);
            }
            state.paused = false;
        }
    }

    public Set<TopicPartition> paused()
    {
        final Set<TopicPartition> paused = new HashSet<>();
        subscriptions.states().stream().filter(state -> state.paused).forEach(state -> paused.add(state.topicPartition));
        return Collections.unmodifiableSet(paused);
    }

    /** The positions the application reached, for commits. */
    public Map<TopicPartition, OffsetAndMetadata> current()
    {
        final Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (final AssignedPartition state : subscriptions.states())
        {
            if (state.position >= 0)
            {
                positions.put(state.topicPartition, new OffsetAndMetadata(state.position));
            }
        }
        return positions;
    }

    /** With {@code auto.offset.reset=none}: fails for the partitions seen that have no position. */
    public void throwIfNoPosition()
    {
        if (resetPolicy.kind() != OffsetResetPolicy.Kind.NONE)
        {
            return;
        }
        final List<TopicPartition> missing = new ArrayList<>();
        for (final AssignedPartition state : subscriptions.states())
        {
            final PartitionHead head = directory.head(state.topic(), state.address);
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

    public OptionalLong currentLag(final TopicPartition partition)
    {
        final AssignedPartition state = subscriptions.assigned(partition);
        final PartitionHead head = directory.head(state.topic(), state.address);
        if (head == null || state.position < 0 || head.head() < 0)
        {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, head.head() + 1 - state.position));
    }

    /** Moves the application to {@code offset}; the engine delivers from there (once resumed, if paused). */
    void moveTo(final AssignedPartition state, final long offset)
    {
        state.position = offset;
        state.skipBefore = Long.MIN_VALUE;
        if (state.address != null)
        {
            subscriptions.seekEngine(state, offset); // else when its address is seen
        }
    }
}
