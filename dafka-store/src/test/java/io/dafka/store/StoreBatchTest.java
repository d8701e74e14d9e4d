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

import io.dafka.codec.DirectBatch;
import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.testing.Loopback;
import io.dafka.testing.RawRequester;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/**
 * DIRECT-BATCH at a store, over real sockets on loopback: the reader's FETCH answers to requesters that subscribe
 * as C does (DIRECT-RECORDs, byte for byte what C sends) and as a Java consumer does (DIRECT-BATCHes); the writer
 * stores the records of the batches that answer its own FETCHes.
 */
@Timeout(60)
class StoreBatchTest
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

            requester.expectDirectRecords(partition, TOPIC, STORED, StoreBatchTest::content);
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

            assertThat(requester.expectBatches(partition, STORED, StoreBatchTest::content))
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

    @Test
    void shouldStoreTheRecordsOfABatchSentToTheWriterOnceEachAndAckThem() throws InterruptedException
    {
        final String copied = Addresses.newAddress();
        fixture.awaitWriterLinked();
        fixture.peer.awaitSubscription(MessageType.DIRECT_BATCH, fixture.node.writerAddress());

        fixture.peer.send(batch(copied, 0, 5));
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(copied) && ack.sequence() == 4);
        fixture.peer.send(batch(copied, 3, 5)); // 3 and 4 are held already
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(copied) && ack.sequence() == 7);

        final List<byte[]> stored = new ArrayList<>();
        fixture.store.read(TOPIC, copied, 0, 100, (sequence, content) -> stored.add(content));
        assertThat(stored).hasSize(8);
        for (int sequence = 0; sequence < 8; sequence++)
        {
            assertThat(stored.get(sequence)).isEqualTo(content(sequence));
        }
    }

    /** A DIRECT-BATCH of {@code count} records of {@code copied} from {@code first} on, for the store's writer. */
    private DirectBatch batch(final String copied, final long first, final int count)
    {
        final DirectBatch batch = new DirectBatch().set(fixture.node.writerAddress(), copied, TOPIC, first);
        for (long sequence = first; sequence < first + count; sequence++)
        {
            batch.add(content(sequence));
        }
        return batch;
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
