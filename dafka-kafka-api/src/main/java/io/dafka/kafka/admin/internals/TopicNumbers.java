package io.dafka.kafka.admin.internals;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

import io.dafka.kafka.consumer.internals.PartitionNumbers;

/**
 * The Kafka partition numbers of a topic's Dafka partitions, given as the consumer gives them
 * ({@link PartitionNumbers}: the partition id of the address, the next free number on a collision), with the
 * addresses taken in sorted order: Admin and consumer agree, except on the rare collision, where the consumer
 * numbers in the order it saw the partitions.
 */
final class TopicNumbers
{
    private TopicNumbers()
    {
    }

    /** Partition number to address, sorted by number. */
    static Map<Integer, String> of(final String topic, final Collection<String> sortedAddresses,
        final ToIntFunction<String> idOf)
    {
        final PartitionNumbers numbers = new PartitionNumbers(idOf);
        final Map<Integer, String> byNumber = new TreeMap<>();
        sortedAddresses.forEach(address -> byNumber.put(numbers.number(topic, address), address));
        return byNumber;
    }
}
