package io.dafka.consumer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The consumer engine's partition cursors by topic and partition, the topics seen in HEADs while watching, and what
 * changed since both were last published to the {@link ConsumerView}. Engine thread only.
 */
final class CursorTable
{
    private final Map<String, Map<String, PartitionCursor>> cursors = new HashMap<>();
    private final Set<String> changedTopics = new HashSet<>();
    private final Set<String> seenTopics = new HashSet<>();
    private boolean topicsChanged;
    /** Whether the consumer delivers a partition (by topic and partition); a grouped one only what it owns. */
    private BiPredicate<String, String> delivers = (topic, partition) -> true;

    /** Sets which partitions new cursors deliver: others start withheld ({@link PartitionCursor#withheld}). */
    void deliverOnly(final BiPredicate<String, String> filter)
    {
        this.delivers = filter;
    }

    /** The cursor of a partition, or null if it has none yet. */
    PartitionCursor get(final String topic, final String partition)
    {
        final Map<String, PartitionCursor> ofTopic = cursors.get(topic);
        return ofTopic == null ? null : ofTopic.get(partition);
    }

    void put(final PartitionCursor cursor)
    {
        cursor.withheld = !delivers.test(cursor.topic, cursor.partition);
        cursors.computeIfAbsent(cursor.topic, any -> new HashMap<>()).put(cursor.partition, cursor);
    }

    /** The topic's cursors changed: publish them with the next view. */
    void changed(final String topic)
    {
        changedTopics.add(topic);
    }

    /** A HEAD of {@code topic} was seen while watching for topics. */
    void seen(final String topic)
    {
        topicsChanged |= seenTopics.add(topic);
    }

    void forEach(final Consumer<PartitionCursor> action)
    {
        for (final Map<String, PartitionCursor> ofTopic : cursors.values())
        {
            ofTopic.values().forEach(action);
        }
    }

    /** Forgets the outstanding FETCH of every cursor of {@code partition}: the next occasion asks again. */
    void forgetRequests(final String partition)
    {
        forEach(cursor ->
        {
            if (cursor.partition.equals(partition))
            {
                cursor.gapFetcher.reset();
            }
        });
    }

    /** Publishes what changed since the last call, if anything, as an immutable snapshot. */
    void publishTo(final ConsumerView view)
    {
        if (!changedTopics.isEmpty() || topicsChanged)
        {
            view.publish(cursors, changedTopics, topicsChanged ? seenTopics : null);
            changedTopics.clear();
            topicsChanged = false;
        }
    }
}
