package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.consumer.ConsumerNode;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/** What an earliest consumer sees of a partition whose first records no store holds any more. */
@Timeout(60)
class TrimmedPartitionTest extends WithLoopbackTower
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldSkipToTheFirstRetainedRecordWhenNoPeerHoldsTheEarlierOnes()
    {
        final String partition = Addresses.newAddress();
        try (InMemoryRecordStore records = new InMemoryRecordStore())
        {
            records.adopt("trimmed", partition, 100, bytes(100)); // as if retention deleted 0..99
            for (int sequence = 101; sequence < 200; sequence++)
            {
                records.append("trimmed", partition, sequence, bytes(sequence));
            }
            try (StoreNode store = StoreNode.start(Loopback.nodeConfig(tower), records);
                 ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower,
                     "consumer.offset.reset", "earliest", "consumer.fetch.retry_interval", 200)))
            {
                consumer.subscribe("trimmed");
                final Collected collected = new Collected();
                assertThat(collected.pollUntil(consumer, c -> c.size() >= 100, WAIT)).isTrue();
                assertThat(Collected.consecutive(collected.all(), 100)).isTrue();
                assertThat(collected.texts().get(0)).isEqualTo("record-100");
                assertThat(consumer.metrics().get(Metric.RECORDS_SKIPPED)).isEqualTo(100);
            }
        }
    }

    @Test
    void shouldNotSkipWhatAnotherStoreStillHolds()
    {
        final String partition = Addresses.newAddress();
        try (InMemoryRecordStore trimmed = new InMemoryRecordStore();
             InMemoryRecordStore complete = new InMemoryRecordStore())
        {
            trimmed.adopt("kept", partition, 100, bytes(100));
            for (int sequence = 0; sequence < 200; sequence++)
            {
                if (sequence > 100)
                {
                    trimmed.append("kept", partition, sequence, bytes(sequence));
                }
                if (sequence == 0)
                {
                    complete.adopt("kept", partition, 0, bytes(0));
                }
                else
                {
                    complete.append("kept", partition, sequence, bytes(sequence));
                }
            }
            try (StoreNode first = StoreNode.start(Loopback.nodeConfig(tower), trimmed);
                 StoreNode second = StoreNode.start(Loopback.nodeConfig(tower), complete);
                 ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower,
                     "consumer.offset.reset", "earliest", "consumer.fetch.retry_interval", 200)))
            {
                consumer.subscribe("kept");
                final Collected collected = new Collected();
                assertThat(collected.pollUntil(consumer, c -> c.size() >= 200, WAIT)).isTrue();
                assertThat(Collected.consecutive(collected.all(), 0)).isTrue();
                assertThat(consumer.metrics().get(Metric.RECORDS_SKIPPED)).isZero();
            }
        }
    }

    private static byte[] bytes(final int sequence)
    {
        return ("record-" + sequence).getBytes(StandardCharsets.UTF_8);
    }
}
