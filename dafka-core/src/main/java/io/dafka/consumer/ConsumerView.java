package io.dafka.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the consumer engine knows, as an immutable snapshot it publishes after each round of work that changed
 * something: the partitions of each subscribed topic with heads and positions, and the topic names seen. Other
 * threads read the latest snapshot or wait for the next one; they never touch the engine's own state.
 */
final class ConsumerView
{
    private volatile Map<String, List<PartitionHead>> partitions = Map.of();
    private volatile Set<String> seenTopics = Set.of();
    private long version;

    /**
     * Publishes a new snapshot of the engine's cursors (on its thread) and wakes the threads waiting for one.
     *
     * @param newSeenTopics the topics seen, or null if unchanged
     */
    synchronized void publish(final Map<String, Map<String, PartitionCursor>> cursors, final Set<String> newSeenTopics)
    {
        final Map<String, List<PartitionHead>> heads = new HashMap<>();
        cursors.forEach((topic, ofTopic) ->
        {
            final List<PartitionHead> ofTopicHeads = new ArrayList<>(ofTopic.size());
            ofTopic.values().forEach(cursor -> ofTopicHeads.add(cursor.view()));
            heads.put(topic, List.copyOf(ofTopicHeads));
        });
        partitions = Map.copyOf(heads);
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
