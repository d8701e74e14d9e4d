package io.dafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.testing.Loopback;
import io.dafka.testing.RawRequester;
import io.dafka.testing.WithTestPeer;
import io.dafka.transport.Metric;

/**
 * The producer's FETCH answers from its unacknowledged records: DIRECT-RECORDs, byte for byte what C sends, to a
 * requester subscribed as C is; DIRECT-BATCHes to one subscribed to them as a Java consumer is. The test peer
 * carries the requesters' FETCHes; each requester is a bare SUB on the producer's publisher.
 */
@Timeout(60)
class ProducerBatchTest extends WithTestPeer
{
    private static final String TOPIC = "hello";
    private static final String PROBE_TOPIC = "probe";
    private static final int SENT = 2000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private ProducerNode producer;
    private String partition;
    private String probe;

    @BeforeEach
    void start() throws InterruptedException
    {
        producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.terminate_unacked", true));
        producer.send(PROBE_TOPIC, content(0));
        for (int sequence = 0; sequence < SENT; sequence++)
        {
            producer.send(TOPIC, content(sequence));
        }
        probe = producer.ensurePartition(PROBE_TOPIC, WAIT);
        partition = producer.ensurePartition(TOPIC, WAIT);
        peer.awaitSubscriptions(List.of(SubscriptionNotice.subscription(MessageType.FETCH, probe),
            SubscriptionNotice.subscription(MessageType.FETCH, partition)));
    }

    @AfterEach
    void stop()
    {
        producer.close();
    }

    @Test
    void shouldAnswerARequesterSubscribedAsCDoesWithByteIdenticalDirectRecords()
    {
        try (RawRequester requester = requester(MessageType.DIRECT_RECORD, MessageType.DIRECT_HEAD))
        {
            requester.awaitAnswer(() -> fetch(probe, PROBE_TOPIC, requester, 1), MessageType.DIRECT_RECORD);

            fetch(partition, TOPIC, requester, SENT);

            requester.expectDirectRecords(partition, TOPIC, SENT, ProducerBatchTest::content);
            assertThat(producer.metrics().get(Metric.BATCHES_SENT)).isZero();
        }
    }

    @Test
    void shouldAnswerARequesterSubscribedToBatchesWithBatchesHoldingEveryRecordInOrder()
    {
        try (RawRequester requester = requester(MessageType.DIRECT_RECORD, MessageType.DIRECT_HEAD,
            MessageType.DIRECT_BATCH))
        {
            requester.awaitAnswer(() -> fetch(probe, PROBE_TOPIC, requester, 1), MessageType.DIRECT_BATCH);

            fetch(partition, TOPIC, requester, SENT);

            assertThat(requester.expectBatches(partition, SENT, ProducerBatchTest::content)).isBetween(2, SENT / 100);
        }
    }

    private RawRequester requester(final MessageType... types)
    {
        return new RawRequester("tcp://" + producer.host() + ":" + producer.port(), types);
    }

    private void fetch(final String fetched, final String topic, final RawRequester requester, final long count)
    {
        peer.send(new Fetch().set(fetched, requester.address(), topic, 0, count));
    }

    private static byte[] content(final long sequence)
    {
        return ("record " + sequence + " ".repeat(90)).getBytes(StandardCharsets.UTF_8);
    }
}
