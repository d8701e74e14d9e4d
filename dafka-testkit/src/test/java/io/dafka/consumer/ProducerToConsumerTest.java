package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.producer.ProducerNode;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;

/** Producer and consumer without a store: everything is recovered from the producer's unacked records. */
@Timeout(60)
class ProducerToConsumerTest extends WithLoopbackTower
{
    @Test
    void shouldDeliverEveryRecordInOrderToAnEarliestConsumerFromTheProducer()
    {
        try (ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower,
                 "producer.terminate_unacked", true, "producer.head_interval", 100));
             ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest")))
        {
            consumer.subscribe("hello");
            for (int i = 0; i < 1000; i++)
            {
                producer.send("hello", ("record-" + i).getBytes(StandardCharsets.UTF_8));
            }
            final List<ConsumedRecord> received = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 1000 && System.nanoTime() < deadline)
            {
                consumer.poll(received, 1000, Duration.ofMillis(100));
            }
            assertThat(received).hasSize(1000);
            for (int i = 0; i < 1000; i++)
            {
                assertThat(received.get(i).sequence()).isEqualTo(i);
                assertThat(received.get(i).text()).isEqualTo("record-" + i);
                assertThat(received.get(i).partition()).isEqualTo(producer.partitionAddress("hello"));
            }
        }
    }

    @Test
    void shouldPublishANewPartitionBeforeHandingOverItsFirstRecord()
    {
        try (ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest")))
        {
            consumer.subscribe("hello");
            for (int producers = 0; producers < 10; producers++)
            {
                try (ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower,
                    "producer.terminate_unacked", true, "producer.head_interval", 100)))
                {
                    producer.send("hello", "first".getBytes(StandardCharsets.UTF_8));
                    final List<ConsumedRecord> received = new ArrayList<>();
                    final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (received.isEmpty() && System.nanoTime() < deadline)
                    {
                        consumer.poll(received, 1, Duration.ofMillis(100));
                    }

                    assertThat(received).hasSize(1);
                    // What the engine published must already name the partition of a record the application holds:
                    // an application that does not know the partition would drop the record (Kafka API consumer).
                    assertThat(consumer.partitions("hello")).extracting(PartitionHead::partition)
                        .as("partitions known when its first record was handed over")
                        .contains(received.get(0).partition());
                }
            }
        }
    }
}
