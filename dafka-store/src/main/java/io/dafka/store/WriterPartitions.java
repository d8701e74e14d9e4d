package io.dafka.store;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.dafka.agent.Clock;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;

/**
 * The store writer's partitions by subject and partition address, each created with its head loaded from the store
 * the first time a message names it. Writer thread only.
 */
final class WriterPartitions
{
    private final RecordStore store;
    private final Clock clock;
    private final NodeMetrics metrics;
    private final Map<String, Map<String, WriterPartition>> partitionsBySubject = new HashMap<>();

    WriterPartitions(final RecordStore store, final Clock clock, final NodeMetrics metrics)
    {
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The state of a partition, loading its head from the store; null (and counted) for unusable input. */
    WriterPartition partition(final String subject, final String partitionAddress, final long sequence)
    {
        if (sequence < 0 || !WireText.isTopic(partitionAddress))
        {
            metrics.increment(Metric.MALFORMED_DROPPED); // 2^63 and above is no real sequence
            return null;
        }
        final Map<String, WriterPartition> partitions =
            partitionsBySubject.computeIfAbsent(subject, any -> new HashMap<>());
        WriterPartition partition = partitions.get(partitionAddress);
        if (partition == null)
        {
            partition = new WriterPartition(subject, partitionAddress, store.head(subject, partitionAddress),
                clock.millis());
            partitions.put(partitionAddress, partition);
        }
        return partition;
    }

    /** The partition if the writer knows it already, otherwise null (nothing is created or counted). */
    WriterPartition find(final String subject, final String partitionAddress)
    {
        final Map<String, WriterPartition> partitions = partitionsBySubject.get(subject);
        return partitions == null ? null : partitions.get(partitionAddress);
    }

    /** Every known partition at {@code partitionAddress}, whatever its subject. */
    void forEachAt(final String partitionAddress, final Consumer<WriterPartition> action)
    {
        for (final Map<String, WriterPartition> partitions : partitionsBySubject.values())
        {
            final WriterPartition partition = partitions.get(partitionAddress);
            if (partition != null)
            {
                action.accept(partition);
            }
        }
    }
}
