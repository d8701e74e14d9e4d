package io.dafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.codec.Ack;
import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.testing.Loopback;
import io.dafka.testing.Received;
import io.dafka.testing.WithTestPeer;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/**
 * Scenarios 13-15 and 28 of docs/protocol.md#behaviour-scenarios, and the Java producer API around ACKs (flush,
 * close, listeners), against a real producer over JeroMQ on 127.0.0.1. The test peer plays consumer and store: it
 * sees what the producer publishes and injects FETCH and ACK.
 *
 * <p>Messages from the peer reach the producer in the order they were sent (one connection), so a FETCH sent
 * after some other message is answered only after that message was handled: the tests use such a FETCH as a
 * marker instead of waiting for something not to happen.
 */
@Timeout(60)
class ProducerProtocolTest extends WithTestPeer
{
    private static final String TOPIC = "hello";
    private static final String PROBE_TOPIC = "probe";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldAnswerFetchWithADirectRecordAddressedToTheRequester() throws Exception
    {
        // Scenario 13.
        try (ProducerNode producer = startProducer())
        {
            link(producer);
            producer.send(TOPIC, text("CONTENT"));
            final Received record = peer.await(MessageType.RECORD, bySubject(TOPIC));
            assertThat(record.topic()).isEqualTo(TOPIC);
            assertThat(record.address()).isEqualTo(producer.partitionAddress(TOPIC));
            assertThat(record.sequence()).isZero();
            assertThat(record.text()).isEqualTo("CONTENT");

            final String partition = awaitProducerHears(record);
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 0, 1));

            final Received answer = peer.await(MessageType.DIRECT_RECORD, any -> true); // HEADs are skipped
            assertThat(answer.topic()).isEqualTo(peer.address());
            assertThat(answer.address()).isEqualTo(partition);
            assertThat(answer.subject()).isEqualTo(TOPIC);
            assertThat(answer.sequence()).isZero();
            assertThat(answer.text()).isEqualTo("CONTENT");
            assertThat(producer.metrics().get(Metric.RECORDS_SERVED)).isEqualTo(1);
        }
    }

    @Test
    void shouldRepeatTheHeadAtTheHeadIntervalAfterTheFirstRecord() throws Exception
    {
        // Scenario 14, head_interval = 100 ms.
        try (ProducerNode producer = startProducer("producer.head_interval", 100))
        {
            link(producer);
            final long beforeSend = System.nanoTime();
            producer.send(TOPIC, text("CONTENT"));
            final Received record = peer.await(MessageType.RECORD, bySubject(TOPIC));
            long previous = System.nanoTime();

            // The next 10 messages of the topic are HEADs of the record, one per interval. HEAD i is sent at least
            // i intervals after the record, which was sent after beforeSend: a lower bound no delivery delay can
            // break (delays only bunch receptions). The engine's clock counts whole milliseconds, so the record's
            // send time may read up to 1 ms early: the bound allows that millisecond. Each HEAD arrives within a
            // generous bound of the one before.
            for (int i = 1; i <= 10; i++)
            {
                final Received head = nextOf(TOPIC, WAIT);
                final long now = System.nanoTime();
                assertThat(head.type()).as("message %d after the RECORD", i).isEqualTo(MessageType.HEAD);
                assertThat(head.topic()).isEqualTo(TOPIC);
                assertThat(head.address()).isEqualTo(record.address());
                assertThat(head.subject()).isEqualTo(TOPIC);
                assertThat(head.sequence()).isZero();
                assertThat(Duration.ofNanos(now - beforeSend)).as("HEAD %d not before %d intervals", i, i)
                    .isGreaterThan(Duration.ofMillis(100L * i - 1));
                assertThat(Duration.ofNanos(now - previous)).as("HEAD %d keeps coming", i)
                    .isLessThan(Duration.ofSeconds(5));
                previous = now;
            }
        }
    }

    @Test
    void shouldCloseAtOnceWhenNothingWasSent()
    {
        // Scenario 15: with no unacked records close does not wait for a store (close_timeout is 30 s here).
        final ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower));
        final long start = System.nanoTime();
        assertThat(producer.close(Duration.ofSeconds(30))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldAnswerEachFetchWithTheContentOfTheRequestedSequenceAfterAPartialAck() throws Exception
    {
        // Scenario 28 (C bug, docs/protocol.md#unacknowledged-records-by-sequence: C answered with the contents of
        // records 0, 95 and 4).
        try (ProducerNode producer = startProducer())
        {
            final String partition = sendAndAwait(producer, 300);
            peer.send(new Ack().set(partition, TOPIC, 4));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 5, 1));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 100, 1));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 260, 1));

            for (final long sequence : new long[] {5, 100, 260})
            {
                final Received answer = peer.await(MessageType.DIRECT_RECORD, any -> true);
                assertThat(answer.sequence()).isEqualTo(sequence);
                assertThat(answer.text()).isEqualTo("record-" + sequence);
                assertThat(answer.topic()).isEqualTo(peer.address());
                assertThat(answer.address()).isEqualTo(partition);
            }
            assertThat(producer.unacknowledged()).isEqualTo(295);
        }
    }

    @Test
    void shouldReleaseAcknowledgedRecordsAndNoLongerServeThem() throws Exception
    {
        try (ProducerNode producer = startProducer())
        {
            final String partition = sendAndAwait(producer, 10);
            assertThat(producer.unacknowledged()).isEqualTo(10);

            final long acksBefore = producer.metrics().get(Metric.ACKS);
            peer.send(new Ack().set(partition, TOPIC, 4));
            await().atMost(WAIT).until(() -> producer.unacknowledged() == 5);
            assertThat(producer.metrics().get(Metric.ACKS)).isEqualTo(acksBefore + 1);

            // Below the ACK: stores serve those; the part of the range still unacked is answered (C answers
            // nothing once the first record asked for is acknowledged, which stalls a store behind the others).
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 0, 10));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 2, 3));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 3, 4));
            // Past the end: only what exists.
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 8, 5));
            // Beyond the last record: nothing.
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 10, 1));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 5, 2)); // marker

            assertThat(directRecords(11)).containsExactly(5L, 6L, 7L, 8L, 9L, 5L, 6L, 8L, 9L, 5L, 6L);
            assertThat(producer.metrics().get(Metric.RECORDS_SERVED)).isEqualTo(11);

            // An older ACK changes nothing; a cumulative one releases the rest.
            peer.send(new Ack().set(partition, TOPIC, 2));
            peer.send(new Ack().set(partition, TOPIC, 9));
            await().atMost(WAIT).until(() -> producer.unacknowledged() == 0);
            producer.send(TOPIC, text("record-10"));
            peer.await(MessageType.RECORD, bySubject(TOPIC).and(r -> r.sequence() == 10));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 9, 1));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 10, 1)); // marker
            assertThat(directRecords(1)).as("FETCH(9) of an acknowledged record is not answered").containsExactly(10L);
        }
    }

    @Test
    void shouldIgnoreAcksAndFetchesForOtherPartitions() throws Exception
    {
        try (ProducerNode producer = startProducer())
        {
            final String partition = sendAndAwait(producer, 3);
            final String otherPartition = Addresses.newAddress();
            peer.send(new Ack().set(otherPartition, TOPIC, 2));
            peer.send(new Fetch().set(otherPartition, peer.address(), TOPIC, 0, 3));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 1, 1)); // marker

            assertThat(directRecords(1)).containsExactly(1L);
            assertThat(producer.unacknowledged()).isEqualTo(3);
        }
    }

    @Test
    void shouldFlushOnceAnAckCoversEverythingSent() throws Exception
    {
        try (ProducerNode producer = startProducer("producer.terminate_unacked", false,
            "producer.close_timeout", 2000))
        {
            assertThat(producer.flush(Duration.ofSeconds(1))).as("nothing to flush").isTrue();
            final String partition = sendAndAwait(producer, 3);
            final CompletableFuture<Boolean> flushed = CompletableFuture.supplyAsync(() -> producer.flush(WAIT));

            peer.send(new Ack().set(partition, TOPIC, 1));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 2, 1)); // marker: the ACK was handled
            assertThat(directRecords(1)).containsExactly(2L);
            assertThat(flushed).as("flush after a partial ACK").isNotDone();

            peer.send(new Ack().set(partition, TOPIC, 2));
            assertThat(flushed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(producer.unacknowledged()).isZero();

            final long start = System.nanoTime();
            assertThat(producer.close(WAIT)).as("close with everything acknowledged").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void shouldReturnFalseFromFlushWhenNoStoreAcknowledgesInTime()
    {
        try (ProducerNode producer = startProducer())
        {
            producer.send(TOPIC, text("unstored"));
            final long start = System.nanoTime();
            assertThat(producer.flush(Duration.ofMillis(300))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(producer.unacknowledged()).isEqualTo(1);
        }
    }

    @Test
    void shouldGiveUpClosingAfterTheTimeoutWithoutAStoreAndAbandonTheRecords()
    {
        final Listener listener = new Listener();
        final ProducerNode producer = startProducer("producer.terminate_unacked", false);
        producer.send(TOPIC, text("a"), listener);
        producer.send(TOPIC, text("b"), listener);

        final long start = System.nanoTime();
        assertThat(producer.close(Duration.ofMillis(500))).isFalse();
        final Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(5));

        final String partition = producer.partitionAddress(TOPIC);
        assertThat(listener.events).containsExactly(
            "published " + partition + " 0", "published " + partition + " 1",
            "abandoned " + partition + " 0", "abandoned " + partition + " 1");
    }

    @Test
    void shouldCloseAtOnceWithUnackedRecordsWhenTerminateUnackedIsSet()
    {
        final ProducerNode producer = startProducer("producer.terminate_unacked", true);
        producer.send(TOPIC, text("lost"));
        final long start = System.nanoTime();
        assertThat(producer.close(Duration.ofSeconds(30))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldTellTheListenerWhenARecordIsPublishedStoredAndAbandoned() throws Exception
    {
        final Listener listener = new Listener();
        final String partition;
        try (ProducerNode producer = startProducer())
        {
            link(producer);
            for (int i = 0; i < 3; i++)
            {
                producer.send(TOPIC, text("record-" + i), listener);
            }
            final Received last = peer.await(MessageType.RECORD, bySubject(TOPIC).and(r -> r.sequence() == 2));
            partition = awaitProducerHears(last);
            assertThat(listener.next()).isEqualTo("published " + partition + " 0");
            assertThat(listener.next()).isEqualTo("published " + partition + " 1");
            assertThat(listener.next()).isEqualTo("published " + partition + " 2");

            peer.send(new Ack().set(partition, TOPIC, 1));
            assertThat(listener.next()).isEqualTo("stored " + partition + " 0");
            assertThat(listener.next()).isEqualTo("stored " + partition + " 1");
        }
        assertThat(listener.next()).isEqualTo("abandoned " + partition + " 2");
        assertThat(listener.events).isEmpty();
    }

    /** A producer that closes at once (no store in these tests) and sends a HEAD every 100 ms. */
    private ProducerNode startProducer(final Object... overrides)
    {
        final Object[] settings = new Object[overrides.length + 4];
        settings[0] = "producer.terminate_unacked";
        settings[1] = true;
        settings[2] = "producer.head_interval";
        settings[3] = 100;
        System.arraycopy(overrides, 0, settings, 4, overrides.length);
        return ProducerNode.start(Loopback.nodeConfig(tower, settings));
    }

    /**
     * Links the peer and the producer both ways before the test starts. The producer writes one record to a
     * probe topic: its HEADs keep coming until the peer hears one (the peer's SUB is connected and subscribed);
     * the producer hears the peer once it subscribed FETCH for the probe partition. The peer then ACKs the probe
     * record, so it is not left unacknowledged.
     */
    private void link(final ProducerNode producer) throws InterruptedException
    {
        producer.send(PROBE_TOPIC, text("probe"));
        final String probePartition = awaitProducerHears(nextOf(PROBE_TOPIC, WAIT));
        peer.send(new Ack().set(probePartition, PROBE_TOPIC, 0));
        await().atMost(WAIT).until(() -> producer.unacknowledged() == 0);
    }

    /** Waits until the producer hears the peer: it subscribed FETCH (after ACK) for the record's partition. */
    private String awaitProducerHears(final Received record) throws InterruptedException
    {
        peer.awaitSubscription(MessageType.FETCH, record.address());
        return record.address();
    }

    /** Sends {@code count} records "record-i" to the topic, waits until the peer saw them all and is heard. */
    private String sendAndAwait(final ProducerNode producer, final int count) throws InterruptedException
    {
        link(producer);
        for (int i = 0; i < count; i++)
        {
            producer.send(TOPIC, text("record-" + i));
        }
        final Received last = peer.await(MessageType.RECORD, bySubject(TOPIC).and(r -> r.sequence() == count - 1));
        return awaitProducerHears(last);
    }

    /** The next message about {@code topic}, skipping others (e.g. the probe's HEADs). */
    private Received nextOf(final String topic, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime())
        {
            final Received next = peer.next(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            if (next != null && topic.equals(next.subject()))
            {
                return next;
            }
        }
        throw new AssertionError("nothing about " + topic + " within " + timeout);
    }

    /** The sequences of the next {@code count} DIRECT-RECORDs, which must be addressed to the peer. */
    private List<Long> directRecords(final int count) throws InterruptedException
    {
        final List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final Received answer = peer.await(MessageType.DIRECT_RECORD, any -> true);
            assertThat(answer.topic()).isEqualTo(peer.address());
            assertThat(answer.text()).isEqualTo("record-" + answer.sequence());
            sequences.add(answer.sequence());
        }
        return sequences;
    }

    private static Predicate<Received> bySubject(final String subject)
    {
        return received -> subject.equals(received.subject());
    }

    private static byte[] text(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Records listener calls as "published|stored|abandoned partition sequence". */
    private static final class Listener implements SendListener
    {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onPublished(final String partition, final long sequence)
        {
            events.add("published " + partition + " " + sequence);
        }

        @Override
        public void onStored(final String partition, final long sequence)
        {
            events.add("stored " + partition + " " + sequence);
        }

        @Override
        public void onAbandoned(final String partition, final long sequence)
        {
            events.add("abandoned " + partition + " " + sequence);
        }

        String next() throws InterruptedException
        {
            return events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
