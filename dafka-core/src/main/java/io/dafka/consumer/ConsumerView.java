package io.dafka.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the consumer engine knows, as immutable snapshots it publishes after each round of work that changed
 * something: per topic the list of its partitions with heads and positions (only changed topics are published
 * anew), and the set of topic names seen. Other threads read the latest snapshots or wait for the next change;
 * they never touch the engine's own state.
 */
final class ConsumerView
{
    /** Per topic an immutable list, replaced whole when the topic's partitions change. */
    private final Map<String, List<PartitionHead>> partitions = new ConcurrentHashMap<>();
    private volatile Set<String> seenTopics = Set.of();
    private long version;

    /**
     * Publishes anew (on the engine's thread) the partitions of the topics that changed, and wakes the threads
     * waiting for a change.
     *
     * @param newSeenTopics the topics seen, or null if unchanged
     */
    synchronized void publish(final Map<String, Map<String, PartitionCursor>> cursors,
        final Set<String> changedTopics, final Set<String> newSeenTopics)
    {
        for (final String topic : changedTopics)
        {
            final Map<String, PartitionCursor> ofTopic = cursors.get(topic);
            if (ofTopic != null)
            {
                final List<PartitionHead> heads = new ArrayList<>(ofTopic.size());
                ofTopic.values().forEach(cursor -> heads.add(cursor.view()));
                partitions.put(topic, List.copyOf(heads));
            }
        }
        if (newSeenTopics != null)
        {
            seenTopics = Set.copyOf(newSeenTopics);
        }
        version++;
        notifyAll();
    }

    List<PartitionHead> partitions(final String topic)
    {
        return partitions.getOrDefault(topic, List.of());
    }

    Set<String> seenTopics()
    {
        return seenTopics;
    }

    /** Waits until a newer snapshot than the current one is published, or {@code timeout} passes. */
    synchronized void awaitChange(final Duration timeout) throws InterruptedException
    {
        final long seen = version;
        final long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); version == seen && left > 0; left = deadline - System.nanoTime())
        {
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
