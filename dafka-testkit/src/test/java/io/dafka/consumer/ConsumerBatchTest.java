package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.codec.DirectBatch;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithTestPeer;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/**
 * The consumer's side of DIRECT-BATCH (docs/protocol-extensions.md): it subscribes to batches addressed to it, and
 * the records of a batch follow the rules of records received one by one (order, duplicates, gaps); a batch that
 * does not parse is dropped and counted. The test peer plays the store that sends the batches.
 */
@Timeout(60)
class ConsumerBatchTest extends WithTestPeer
{
    private static final String TOPIC = "hello";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(200);

    private final String partition = Addresses.newAddress();
    private ConsumerNode consumer;

    @BeforeEach
    void start() throws InterruptedException
    {
        consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest"));
        consumer.subscribe(TOPIC);
        peer.awaitSubscriptions(List.of(SubscriptionNotice.subscription(MessageType.DIRECT_BATCH, consumer.address()),
            SubscriptionNotice.exactSubscription(MessageType.RECORD, TOPIC)));
    }

    @AfterEach
    void stop()
    {
        consumer.close();
    }

    @Test
    void shouldDeliverBatchedRecordsInOrderDroppingDuplicatesAndHoldingThoseBeyondAGap() throws InterruptedException
    {
        peer.send(batch(0, 4));
        assertDelivered(0, 4);

        peer.send(batch(2, 4)); // 2 and 3 were delivered: only 4 and 5 are new
        assertDelivered(4, 6);
        peer.send(batch(8, 2)); // beyond the gap 6..7: held
        assertThat(consumer.poll(QUIET)).as("nothing delivered before the gap is filled").isNull();
        peer.send(batch(6, 2));
        assertDelivered(6, 10);

        assertThat(consumer.poll(QUIET)).isNull();
        assertThat(consumer.metrics().get(Metric.DUPLICATES_DROPPED)).isEqualTo(2);
        assertThat(consumer.metrics().get(Metric.RECORDS_BUFFERED)).isEqualTo(2);
        assertThat(consumer.metrics().get(Metric.RECORDS_DELIVERED)).isEqualTo(10);
    }

    @Test
    void shouldDropABatchThatDoesNotParseCountingItAndDeliverTheNextOne() throws InterruptedException
    {
        final long malformedBefore = consumer.metrics().get(Metric.MALFORMED_DROPPED);
        final byte[] frame = batch(0, 3).encode();

        peer.sendRaw(Arrays.copyOf(frame, frame.length - 1)); // the last record runs past the end
        await().atMost(WAIT).until(() -> consumer.metrics().get(Metric.MALFORMED_DROPPED) > malformedBefore);
        peer.send(batch(0, 3));

        assertDelivered(0, 3);
        assertThat(consumer.metrics().get(Metric.MALFORMED_DROPPED)).isEqualTo(malformedBefore + 1);
    }

    /** A DIRECT-BATCH of {@code count} records from {@code first} on, for the consumer. */
    private DirectBatch batch(final long first, final int count)
    {
        final DirectBatch batch = new DirectBatch().set(consumer.address(), partition, TOPIC, first);
        for (long sequence = first; sequence < first + count; sequence++)
        {
            batch.add(content(sequence));
        }
        return batch;
    }

    private void assertDelivered(final long from, final long until) throws InterruptedException
    {
        for (long sequence = from; sequence < until; sequence++)
        {
            final ConsumedRecord record = consumer.poll(WAIT);
            assertThat(record).as("record %d delivered", sequence).isNotNull();
            assertThat(record.partition()).isEqualTo(partition);
            assertThat(record.sequence()).isEqualTo(sequence);
            assertThat(record.content()).isEqualTo(content(sequence));
        }
    }

    private static byte[] content(final long sequence)
    {
        return ("record-" + sequence).getBytes(StandardCharsets.UTF_8);
    }
}
