package io.dafka.kafka.consumer.internals;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka partition numbers one consumer gives to Dafka partitions: the partition id of the address,
 * and on the rare collision within a topic the next free number (logged). Not thread-safe.
 */
public final class PartitionNumbers
{
    private static final Logger LOG = LoggerFactory.getLogger(PartitionNumbers.class);

    private final ToIntFunction<String> idOf;
    private final Map<String, Map<String, Integer>> byAddress = new HashMap<>();
    private final Map<String, Map<Integer, String>> byNumber = new HashMap<>();

    /** @param idOf the partition id of an address (Kafka partition number before collisions) */
    public PartitionNumbers(final ToIntFunction<String> idOf)
    {
        this.idOf = idOf;
    }

    /** The number of {@code address} in {@code topic}, assigned on first use. */
    public int number(final String topic, final String address)
    {
        final Map<String, Integer> numbers = byAddress.computeIfAbsent(topic, t -> new HashMap<>());
        final Integer known = numbers.get(address);
        if (known != null)
        {
            return known;
        }
        final Map<Integer, String> addresses = byNumber.computeIfAbsent(topic, t -> new HashMap<>());
        int number = idOf.applyAsInt(address);
        while (addresses.containsKey(number))
        {
            LOG.warn("partition number {} of topic {} is taken by {}; {} gets the next free one", number, topic,
                addresses.get(number), address);
            number = (number + 1) & Integer.MAX_VALUE;
        }
        numbers.put(address, number);
        addresses.put(number, address);
        return number;
    }

    /** The address behind a number, or null if no partition with that number was seen. */
    public String address(final String topic, final int number)
    {
        final Map<Integer, String> addresses = byNumber.get(topic);
        return addresses == null ? null : addresses.get(number);
    }
}
