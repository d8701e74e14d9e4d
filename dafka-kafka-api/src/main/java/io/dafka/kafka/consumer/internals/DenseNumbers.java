package io.dafka.kafka.consumer.internals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions an assignor sees, renumbered 0..n-1 per topic in the order of their Dafka numbers: Kafka's
 * assignors assume a topic's partitions are numbered densely, Dafka's numbers are derived from producer addresses.
 * Translates subscriptions (owned partitions) to dense numbers and assignments back to Dafka's.
 */
final class DenseNumbers
{
    private final List<PartitionInfo> dense = new ArrayList<>();
    private final Map<TopicPartition, TopicPartition> toDense = new HashMap<>();
    private final Map<TopicPartition, TopicPartition> toReal = new HashMap<>();

    /** Adds one topic's partitions (as the consumer knows them). */
    void add(final List<PartitionInfo> partitions)
    {
        final List<PartitionInfo> sorted = new ArrayList<>(partitions);
        sorted.sort(Comparator.comparingInt(PartitionInfo::partition));
        for (int i = 0; i < sorted.size(); i++)
        {
            final PartitionInfo info = sorted.get(i);
            final TopicPartition real = new TopicPartition(info.topic(), info.partition());
            final TopicPartition renumbered = new TopicPartition(info.topic(), i);
            toDense.put(real, renumbered);
            toReal.put(renumbered, real);
            dense.add(new PartitionInfo(info.topic(), i, info.leader(), info.replicas(), info.inSyncReplicas()));
        }
    }

    /** The cluster the assignor sees. */
    Cluster cluster()
    {
        return new Cluster("dafka", List.of(), dense, Set.of(), Set.of());
    }

    /** {@code subscription} with its owned partitions renumbered; partitions the leader does not know dropped. */
    Subscription toDense(final Subscription subscription)
    {
        final List<TopicPartition> owned = new ArrayList<>();
        subscription.ownedPartitions().forEach(partition ->
        {
            final TopicPartition renumbered = toDense.get(partition);
            if (renumbered != null)
            {
                owned.add(renumbered);
            }
        });
        return new Subscription(subscription.topics(), subscription.userData(), owned,
            subscription.generationId().orElse(-1), subscription.rackId());
    }

    /** {@code assignment} with Dafka's partition numbers. */
    Assignment toReal(final Assignment assignment)
    {
        final List<TopicPartition> real = new ArrayList<>();
        assignment.partitions().forEach(partition -> real.add(toReal.get(partition)));
        return new Assignment(real, assignment.userData());
    }
}
