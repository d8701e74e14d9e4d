package io.dafka.kafka.admin.internals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.apache.kafka.common.TopicPartition;

/** The Dafka partition address behind each Kafka partition of the topics heard of, numbered as the consumer does. */
final class PartitionAddresses
{
    private final Map<TopicPartition, String> addresses = new HashMap<>();

    PartitionAddresses(final Map<String, Map<String, ObservedPartitions.Partition>> topics,
        final ToIntFunction<String> idOf)
    {
        topics.forEach((topic, partitions) -> TopicNumbers.of(topic, partitions.keySet(), idOf).forEach(
            (number, address) -> addresses.put(new TopicPartition(topic, number), address)));
    }

    /** The address of {@code partition}, or null if it was not heard of. */
    String address(final TopicPartition partition)
    {
        return addresses.get(partition);
    }

    /** Every partition heard of. */
    List<TopicPartition> all()
    {
        return new ArrayList<>(addresses.keySet());
    }
}
