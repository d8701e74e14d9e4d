package io.dafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.DafkaException;
import io.dafka.codec.Ack;
import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.codec.StoreAck;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.testing.Loopback;
import io.dafka.testing.Received;
import io.dafka.testing.WithTestPeer;
import io.dafka.transport.Metric;

/**
 * {@code producer.min_stores} (records are released once N distinct stores acknowledged them, counted from
 * STORE-ACK) and the incarnation check (an acknowledgement above what the producer published fails the
 * partition), against a real producer over JeroMQ on 127.0.0.1; the test peer plays the stores. As in
 * {@link ProducerProtocolTest}, a FETCH sent after an acknowledgement is a marker: its answer shows the
 * acknowledgement was handled.
 */
@Timeout(60)
class ProducerQuorumTest extends WithTestPeer
{
    private static final String TOPIC = "hello";
    private static final String PROBE_TOPIC = "probe";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldSubscribeStoreAcksInsteadOfAcksWhenMoreThanOneStoreIsRequired() throws Exception
    {
        for (final int minStores : new int[] {2, 1})
        {
            try (ProducerNode producer = startProducer(minStores))
            {
                link(producer);
                producer.send(TOPIC, text("record-0"));
                final String partition = peer.await(MessageType.RECORD, r -> TOPIC.equals(r.subject())).address();
                peer.awaitSubscriptions(List.of(
                    SubscriptionNotice.subscription(minStores == 1 ? MessageType.ACK : MessageType.STORE_ACK,
                        partition),
                    SubscriptionNotice.subscription(MessageType.FETCH, partition)));
            }
        }
    }

    @Test
    void shouldReleaseRecordsOnlyOnceTwoDistinctStoresAcknowledgedThem() throws Exception
    {
        final Listener listener = new Listener();
        try (ProducerNode producer = startProducer(2))
        {
            final String partition = sendAndAwait(producer, 10, listener);

            peer.send(new Ack().set(partition, TOPIC, 9)); // an anonymous ACK counts for no store
            peer.send(new StoreAck().set(partition, TOPIC, 9, "S1"));
            peer.send(new StoreAck().set(partition, TOPIC, 9, "S1")); // the same store twice counts once
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 0, 1)); // marker
            assertThat(peer.await(MessageType.DIRECT_RECORD, any -> true).sequence())
                .as("record 0 is still held after one store").isZero();
            assertThat(producer.unacknowledged()).isEqualTo(10);
            assertThat(producer.storesHolding(partition, 9)).isEqualTo(1);
            assertThat(listener.events).noneMatch(event -> event.startsWith("stored"));

            peer.send(new StoreAck().set(partition, TOPIC, 6, "S2"));
            await().atMost(WAIT).until(() -> producer.unacknowledged() == 3);
            assertThat(producer.storesHolding(partition, 6)).isEqualTo(2);
            assertThat(producer.storesHolding(partition, 7)).isEqualTo(1);
            for (int sequence = 0; sequence <= 6; sequence++)
            {
                assertThat(listener.next("stored")).isEqualTo("stored " + partition + " " + sequence);
            }

            peer.send(new StoreAck().set(partition, TOPIC, 9, "S2"));
            await().atMost(WAIT).until(() -> producer.unacknowledged() == 0);
            assertThat(producer.flush(WAIT)).isTrue();
        }
    }

    @Test
    void shouldAnswerAStoreBehindTheQuorumWithTheRecordsStillUnacknowledged() throws Exception
    {
        try (ProducerNode producer = startProducer(2))
        {
            final String partition = sendAndAwait(producer, 10, new Listener());
            peer.send(new StoreAck().set(partition, TOPIC, 6, "S1"));
            peer.send(new StoreAck().set(partition, TOPIC, 6, "S2"));
            await().atMost(WAIT).until(() -> producer.unacknowledged() == 3);

            // a third store holds up to 2: records 3..6 are the other stores' to serve, 7..9 only the producer has
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 3, 7));

            for (int sequence = 7; sequence <= 9; sequence++)
            {
                final Received answer = peer.await(MessageType.DIRECT_RECORD, any -> true);
                assertThat(answer.sequence()).isEqualTo(sequence);
                assertThat(answer.text()).isEqualTo("record-" + sequence);
            }
        }
    }

    @Test
    void shouldFailThePartitionOnAnAckAboveTheLastSequenceItPublished() throws Exception
    {
        final Listener listener = new Listener();
        try (ProducerNode producer = startProducer(1))
        {
            final String partition = sendAndAwait(producer, 3, listener);

            // Stores hold sequence 10 of this address: an earlier producer used it.
            peer.send(new Ack().set(partition, TOPIC, 10));
            for (int sequence = 0; sequence < 3; sequence++)
            {
                assertThat(listener.next("failed")).isEqualTo("failed " + partition + " " + sequence);
            }
            assertThat(listener.failure).isInstanceOf(ProducerIncarnationException.class);
            assertThat(listener.failure.getMessage()).contains(partition, TOPIC, "sequence 10", "up to sequence 2");
            assertThat(producer.metrics().get(Metric.INCARNATION_CONFLICTS)).isEqualTo(1);
            // the engine updates its unacknowledged count after it told the listeners
            await().atMost(WAIT).until(() -> producer.unacknowledged() == 0);
            assertThat(listener.events).noneMatch(event -> event.startsWith("stored"));

            // Later sends fail at once and are not published; flush does not wait for them.
            producer.send(TOPIC, text("after"), listener);
            assertThat(listener.next("failed")).isEqualTo("failed " + partition + " -1");
            producer.send(PROBE_TOPIC, text("marker"));
            final Received marker = peer.await(MessageType.RECORD,
                r -> PROBE_TOPIC.equals(r.subject()) || TOPIC.equals(r.subject()));
            assertThat(marker.subject()).as("no RECORD of the failed partition before the marker")
                .isEqualTo(PROBE_TOPIC);
            assertThat(producer.flush(Duration.ofMillis(1))).isFalse(); // the probe's marker is unacked
            peer.send(new Ack().set(marker.address(), PROBE_TOPIC, marker.sequence()));
            assertThat(producer.flush(WAIT)).isTrue();
        }
    }

    @Test
    void shouldFailThePartitionOnAStoreAckAboveTheLastSequenceWithoutReleasingAnything() throws Exception
    {
        final Listener listener = new Listener();
        try (ProducerNode producer = startProducer(2))
        {
            final String partition = sendAndAwait(producer, 2, listener);

            peer.send(new StoreAck().set(partition, TOPIC, 1, "S1"));
            peer.send(new StoreAck().set(partition, TOPIC, 5, "S2")); // S2 holds more than was sent
            assertThat(listener.next("failed")).isEqualTo("failed " + partition + " 0");
            assertThat(listener.next("failed")).isEqualTo("failed " + partition + " 1");
            assertThat(listener.events).noneMatch(event -> event.startsWith("stored"));
            assertThat(producer.metrics().get(Metric.INCARNATION_CONFLICTS)).isEqualTo(1);

            // Nothing more is served or released for it.
            peer.send(new StoreAck().set(partition, TOPIC, 1, "S2"));
            peer.send(new Fetch().set(partition, peer.address(), TOPIC, 0, 2));
            producer.send(PROBE_TOPIC, text("marker"));
            final Received next = nextAnswerOrRecordOf(PROBE_TOPIC);
            assertThat(next.type()).as("no answer to the FETCH of a failed partition").isEqualTo(MessageType.RECORD);
            assertThat(listener.events).noneMatch(event -> event.startsWith("stored"));
        }
    }

    /** A producer that closes at once (no store here) and sends a HEAD every 100 ms. */
    private ProducerNode startProducer(final int minStores)
    {
        return ProducerNode.start(Loopback.nodeConfig(tower, "producer.terminate_unacked", true,
            "producer.head_interval", 100, "producer.min_stores", minStores));
    }

    /**
     * Sends {@code count} records "record-i", waits until the peer saw them all and the producer hears the peer
     * (it subscribed FETCH for the partition, after its ACK or STORE-ACK subscription).
     */
    private String sendAndAwait(final ProducerNode producer, final int count, final Listener listener)
        throws InterruptedException
    {
        link(producer);
        for (int i = 0; i < count; i++)
        {
            producer.send(TOPIC, text("record-" + i), listener);
        }
        final Received last = peer.await(MessageType.RECORD,
            r -> TOPIC.equals(r.subject()) && r.sequence() == count - 1);
        peer.awaitSubscription(MessageType.FETCH, last.address());
        return last.address();
    }

    /**
     * Links the peer and the producer both ways: a probe record's HEADs repeat until the peer hears one; the
     * producer hears the peer once it subscribed FETCH for the probe partition. The probe is then acknowledged by
     * an ACK and two STORE-ACKs (the producer receives those it subscribed to).
     */
    private void link(final ProducerNode producer) throws InterruptedException
    {
        producer.send(PROBE_TOPIC, text("probe"));
        final String probe = peer.await(MessageType.HEAD, r -> PROBE_TOPIC.equals(r.subject())).address();
        peer.awaitSubscription(MessageType.FETCH, probe);
        peer.send(new Ack().set(probe, PROBE_TOPIC, 0));
        peer.send(new StoreAck().set(probe, PROBE_TOPIC, 0, "S1"));
        peer.send(new StoreAck().set(probe, PROBE_TOPIC, 0, "S2"));
        await().atMost(WAIT).until(() -> producer.unacknowledged() == 0);
    }

    /** The next DIRECT-RECORD, or RECORD of {@code topic}, whichever comes first. */
    private Received nextAnswerOrRecordOf(final String topic) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime())
        {
            final Received next = peer.next(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            if (next != null && (next.type() == MessageType.DIRECT_RECORD
                || next.type() == MessageType.RECORD && topic.equals(next.subject())))
            {
                return next;
            }
        }
        throw new AssertionError("no DIRECT-RECORD nor RECORD of " + topic + " within " + WAIT);
    }

    private static byte[] text(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Records listener calls as "published|stored|failed partition sequence". */
    private static final class Listener implements SendListener
    {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile DafkaException failure;

        @Override
        public void onStored(final String partition, final long sequence)
        {
            events.add("stored " + partition + " " + sequence);
        }

        @Override
        public void onFailed(final String partition, final long sequence, final DafkaException cause)
        {
            failure = cause;
            events.add("failed " + partition + " " + sequence);
        }

        /** The next event of {@code kind}, skipping others (e.g. "published"). */
        String next(final String kind) throws InterruptedException
        {
            final long deadline = System.nanoTime() + WAIT.toNanos();
            for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime())
            {
                final String event = events.poll(TimeUnit.NANOSECONDS.toMillis(left) + 1, TimeUnit.MILLISECONDS);
                if (event != null && event.startsWith(kind))
                {
                    return event;
                }
            }
            return null;
        }
    }
}
