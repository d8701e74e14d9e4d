package io.dafka.kafka.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DenseNumbersTest
{
    @Test
    void shouldShowTheAssignorEachTopicsPartitionsNumberedFromZeroInOrderAndMapItsResultBack()
    {
        final DenseNumbers numbers = new DenseNumbers();
        numbers.add(List.of(info("a", 900), info("a", 7), info("a", 31)));
        numbers.add(List.of(info("b", 5)));

        assertThat(numbers.cluster().partitionsForTopic("a")).extracting(PartitionInfo::partition)
            .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(numbers.cluster().partitionsForTopic("b")).extracting(PartitionInfo::partition).containsExactly(0);
        final Subscription dense = numbers.toDense(new Subscription(List.of("a", "b"), ByteBuffer.allocate(0),
            List.of(new TopicPartition("a", 31), new TopicPartition("a", 12345), new TopicPartition("b", 5)), 4,
            Optional.empty()));
        assertThat(dense.ownedPartitions()).as("known owned partitions renumbered, unknown ones dropped")
            .containsExactly(new TopicPartition("a", 1), new TopicPartition("b", 0));
        assertThat(dense.generationId()).contains(4);
        assertThat(numbers.toReal(new Assignment(List.of(new TopicPartition("a", 0), new TopicPartition("a", 2))))
            .partitions()).containsExactly(new TopicPartition("a", 7), new TopicPartition("a", 900));
    }

    private static PartitionInfo info(final String topic, final int partition)
    {
        return new PartitionInfo(topic, partition, Node.noNode(), new Node[0], new Node[0]);
    }
}
