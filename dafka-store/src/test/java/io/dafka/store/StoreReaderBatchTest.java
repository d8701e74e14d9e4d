package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.testing.Loopback;
import io.dafka.testing.RawRequester;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/**
 * The store reader's FETCH answers to requesters that subscribe as C does (DIRECT-RECORDs, byte for byte what C
 * sends) and as a Java consumer does (DIRECT-BATCHes), over real sockets on loopback.
 */
@Timeout(60)
class StoreReaderBatchTest
{
    private static final String TOPIC = "hello";
    private static final int STORED = 3000;
    private static final long DEADLINE_NANOS = Duration.ofSeconds(20).toNanos();

    private final String partition = Addresses.newAddress();
    private final String probe = Addresses.newAddress();
    private StoreFixture fixture;

    @BeforeEach
    void start() throws InterruptedException
    {
        fixture = StoreFixture.start();
        for (int sequence = 0; sequence < STORED; sequence++)
        {
            fixture.store.append(TOPIC, partition, sequence, content(sequence));
        }
        fixture.store.append(TOPIC, probe, 0, bytes("probe"));
        fixture.awaitReaderLinked();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void shouldAnswerAPeerSubscribedAsCDoesWithByteIdenticalDirectRecords()
    {
        try (RawRequester requester = requester(MessageType.DIRECT_RECORD, MessageType.DIRECT_HEAD))
        {
            requester.awaitAnswer(() -> fetch(probe, requester, 1), MessageType.DIRECT_RECORD);

            fetch(partition, requester, STORED);

            requester.expectDirectRecords(partition, TOPIC, STORED, StoreReaderBatchTest::content);
            assertThat(fixture.node.readerMetrics().get(Metric.BATCHES_SENT)).isZero();
        }
    }

    @Test
    void shouldAnswerAPeerSubscribedToBatchesWithBatchesHoldingEveryRecordInOrder()
    {
        try (RawRequester requester = requester(MessageType.DIRECT_RECORD, MessageType.DIRECT_HEAD,
            MessageType.DIRECT_BATCH))
        {
            requester.awaitAnswer(() -> fetch(probe, requester, 1), MessageType.DIRECT_BATCH); // subscription noticed

            fetch(partition, requester, STORED);

            assertThat(requester.expectBatches(partition, STORED, StoreReaderBatchTest::content))
                .as("batches for %d records of about 100 bytes", STORED).isBetween(2, STORED / 100);
        }
    }

    @Test
    void shouldCarryAStoredPartitionToALateConsumerThroughBatchesInOrderExactlyOnce()
    {
        try (ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(fixture.tower, "consumer.offset.reset",
            "earliest")))
        {
            consumer.subscribe(TOPIC);
            final List<ConsumedRecord> received = new ArrayList<>();
            final long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (received.size() < STORED && System.nanoTime() < deadline)
            {
                consumer.poll(received, STORED, Duration.ofMillis(100));
                received.removeIf(record -> !record.partition().equals(partition));
            }

            assertThat(received).hasSize(STORED);
            for (int sequence = 0; sequence < STORED; sequence++)
            {
                assertThat(received.get(sequence).sequence()).isEqualTo(sequence);
                assertThat(received.get(sequence).content()).isEqualTo(content(sequence));
            }
            assertThat(fixture.node.readerMetrics().get(Metric.BATCHES_SENT)).isPositive();
        }
    }

    private RawRequester requester(final MessageType... types)
    {
        return new RawRequester(fixture.node.readerEndpoint(), types);
    }

    private void fetch(final String fetched, final RawRequester requester, final long count)
    {
        fixture.peer.send(new Fetch().set(fetched, requester.address(), TOPIC, 0, count));
    }

    private static byte[] content(final long sequence)
    {
        return bytes("stored record " + sequence + " ".repeat(80));
    }
}
