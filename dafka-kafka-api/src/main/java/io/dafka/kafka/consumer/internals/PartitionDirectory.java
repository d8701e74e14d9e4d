package io.dafka.kafka.consumer.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import io.dafka.consumer.ConsumerNode;
import io.dafka.consumer.PartitionHead;

/**
 * What the consumer knows of partitions by Kafka number: the numbers it gave to Dafka partition addresses and
 * the heads the engine publishes. User thread only.
 */
final class PartitionDirectory
{
    private final ConsumerNode node;
    private final PartitionNumbers numbers;

    PartitionDirectory(final ConsumerNode node, final ToIntFunction<String> idOf)
    {
        this.node = node;
        this.numbers = new PartitionNumbers(idOf);
    }

    /** The partitions of {@code topic} the engine has seen. */
    List<PartitionHead> heads(final String topic)
    {
        return node.partitions(topic);
    }

    TopicPartition topicPartition(final String topic, final String address)
    {
        return new TopicPartition(topic, numbers.number(topic, address));
    }

    /** The address of a partition by number, or null if no such partition was seen. */
    String address(final TopicPartition partition)
    {
        heads(partition.topic()).forEach(head -> numbers.number(partition.topic(), head.partition()));
        return numbers.address(partition.topic(), partition.partition());
    }

    /** What the engine knows of a partition, or null. */
    PartitionHead head(final String topic, final String address)
    {
        if (address == null)
        {
            return null;
        }
        for (final PartitionHead head : heads(topic))
        {
            if (head.partition().equals(address))
            {
                return head;
            }
        }
        return null;
    }

    /** The head + 1 of a partition as last announced by its producer or a store; 0 if none is known. */
    long endOffset(final String topic, final String address)
    {
        final PartitionHead head = head(topic, address);
        return head == null ? 0 : head.head() + 1;
    }

    List<PartitionInfo> partitionsFor(final String topic)
    {
        final List<PartitionInfo> infos = new ArrayList<>();
        for (final PartitionHead head : heads(topic))
        {
            infos.add(new PartitionInfo(topic, numbers.number(topic, head.partition()), Node.noNode(),
                new Node[0], new Node[0]));
        }
        return infos;
    }
}
