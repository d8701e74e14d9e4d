package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Clock;
import io.dafka.codec.ConsumerHello;
import io.dafka.codec.DirectHead;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.Head;
import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.codec.Record;
import io.dafka.codec.StoreHello;
import io.dafka.producer.ProducerNode;
import io.dafka.testing.Loopback;
import io.dafka.testing.Received;
import io.dafka.testing.WithTestPeer;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;
import io.dafka.transport.Sockets;

/**
 * Scenarios 16-20, 26 and 27 of docs/protocol.md#behaviour-scenarios (consumer side), and the Java consumer's gap
 * handling, against a real consumer over JeroMQ on 127.0.0.1. The test peer plays producer and store: it injects
 * RECORD, HEAD, DIRECT-* and STORE-HELLO, and records the consumer's FETCH, GET-HEADS and CONSUMER-HELLO.
 *
 * <p>The consumer handles the peer's messages in the order they were sent (one connection) and answers on one
 * connection too. So a STORE-HELLO sent after some messages is answered (CONSUMER-HELLO) only after they were
 * handled and after everything they made the consumer send: {@link #messagesUntilSync} uses that as a marker
 * instead of waiting for something not to happen.
 */
@Timeout(60)
class ConsumerProtocolTest extends WithTestPeer
{
    private static final String TOPIC = "hello";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(200);

    private final String partition = Addresses.newAddress();

    @Test
    void shouldAnswerStoreHelloWithAnEmptyConsumerHelloWhenNotSubscribed() throws Exception
    {
        // Scenario 16.
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            final Received hello = link(consumer);
            assertThat(hello.topic()).isEqualTo(peer.address());
            assertThat(hello.address()).isEqualTo(consumer.address());
            assertThat(hello.subjects()).isEmpty();
        }
    }

    @Test
    void shouldAskStoresForHeadsWhenAnEarliestConsumerSubscribes() throws Exception
    {
        // Scenario 17.
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            link(consumer);
            consumer.subscribe(TOPIC);
            final Received getHeads = peer.await(MessageType.GET_HEADS);
            assertThat(getHeads.topic()).isEqualTo(TOPIC);
            assertThat(getHeads.address()).isEqualTo(consumer.address());
        }
    }

    @Test
    void shouldListItsSubscriptionsInTheConsumerHelloOfAnEarliestConsumer() throws Exception
    {
        // Scenario 18.
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.await(MessageType.GET_HEADS); // the subscription is in place; earlier HELLO answers are skipped
            peer.send(new StoreHello().set(consumer.address(), peer.address()));
            final Received hello = peer.await(MessageType.CONSUMER_HELLO);
            assertThat(hello.topic()).isEqualTo(peer.address());
            assertThat(hello.address()).isEqualTo(consumer.address());
            assertThat(hello.subjects()).containsExactly(TOPIC);
        }
    }

    @Test
    void shouldSendAnEmptyConsumerHelloFromALatestConsumerEvenWhenSubscribed() throws Exception
    {
        try (ConsumerNode consumer = startConsumer("latest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            final List<Received> sent = messagesUntilSync(consumer);
            assertThat(sent).as("a latest consumer asks for no heads").noneMatch(m -> m.type() == MessageType.GET_HEADS);
            peer.send(new StoreHello().set(consumer.address(), peer.address()));
            assertThat(peer.await(MessageType.CONSUMER_HELLO).subjects()).isEmpty();
        }
    }

    @Test
    void shouldSendConsumerHelloToAStoreReaderThatSubscribesToIt() throws Exception
    {
        // docs/protocol.md#xpub-subscription-notices: the XPUB notification 0x01 'W' <reader address> makes the
        // consumer greet that reader.
        try (ConsumerNode consumer = startConsumer("earliest");
             ZContext context = new ZContext())
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.await(MessageType.GET_HEADS);
            final String reader = Addresses.newAddress();
            final ZMQ.Socket storeReader = context.createSocket(SocketType.SUB);
            storeReader.setLinger(0);
            // JeroMQ 0.6.0 sometimes never starts the ZMTP handshake of a fresh outgoing connection (poller
            // hand-off race, zeromq/jeromq PR #1022); the handshake timer then reconnects. Keep it short.
            storeReader.setHandshakeIvl(1000);
            storeReader.setReceiveTimeOut((int)WAIT.toMillis());
            storeReader.subscribe(("W" + reader).getBytes(StandardCharsets.UTF_8));
            storeReader.connect(consumer.endpoint());

            final byte[] frame = storeReader.recv();
            assertThat(frame).as("CONSUMER-HELLO within %s", WAIT).isNotNull();
            final ConsumerHello hello = (ConsumerHello)new MessageDecoder().decode(frame);
            assertThat(hello.topic()).isEqualTo(reader);
            assertThat(hello.address()).isEqualTo(consumer.address());
            assertThat(hello.subjects()).containsExactly(TOPIC);
        }
    }

    @Test
    void shouldHoldARecordAfterAGapFetchTheGapAndDeliverBothInOrder() throws Exception
    {
        // Scenario 19.
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(record(1, "CONTENT-1"));

            final Received fetch = peer.await(MessageType.FETCH);
            assertThat(fetch.topic()).isEqualTo(partition);
            assertThat(fetch.address()).isEqualTo(consumer.address());
            assertThat(fetch.subject()).isEqualTo(TOPIC);
            assertThat(fetch.sequence()).isZero();
            assertThat(fetch.count()).as("the real gap").isEqualTo(1);
            assertThat(consumer.poll(QUIET)).as("nothing delivered before the gap is filled").isNull();

            peer.send(record(0, "CONTENT-0"));
            assertDelivered(consumer.poll(WAIT), 0, "CONTENT-0");
            assertDelivered(consumer.poll(WAIT), 1, "CONTENT-1"); // held, not dropped as C does
            assertThat(consumer.poll(QUIET)).isNull();
            assertThat(consumer.metrics().get(Metric.RECORDS_BUFFERED)).isEqualTo(1);
            assertThat(consumer.metrics().get(Metric.RECORDS_DELIVERED)).isEqualTo(2);
        }
    }

    @Test
    void shouldDeliverTheFirstRecordSeenAtOnceWhenLatest() throws Exception
    {
        // Scenario 20.
        try (ConsumerNode consumer = startConsumer("latest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(record(2, "CONTENT"));
            assertDelivered(consumer.poll(WAIT), 2, "CONTENT");

            peer.send(record(3, "NEXT"));
            assertDelivered(consumer.poll(WAIT), 3, "NEXT");
            assertThat(messagesUntilSync(consumer)).noneMatch(m -> m.type() == MessageType.FETCH);
            assertThat(consumer.metrics().get(Metric.FETCHES_SENT)).isZero();
        }
    }

    @Test
    void shouldNeverDeliverRecordsOfATopicThatOnlySharesAPrefix() throws Exception
    {
        // Scenario 26, consumer side (C prefix leaks, docs/protocol.md#exact-topic-matching).
        final String otherPartition = Addresses.newAddress();
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(new Record().set("hello2", otherPartition, "hello2", 0, text("live hello2")));
            peer.send(new Head().set("hello2", otherPartition, "hello2", 0));
            peer.send(new DirectRecord().set(consumer.address(), otherPartition, "hello2", 0, text("stored hello2")));
            peer.send(new DirectHead().set(consumer.address(), otherPartition, "hello2", 5));
            peer.send(record(0, "hello"));

            assertDelivered(consumer.poll(WAIT), 0, "hello");
            assertThat(messagesUntilSync(consumer)).as("no FETCH for hello2")
                .noneMatch(m -> m.type() == MessageType.FETCH);
            assertThat(consumer.poll(QUIET)).isNull();
            assertThat(consumer.metrics().get(Metric.RECORDS_DELIVERED)).isEqualTo(1);
        }
    }

    @Test
    @Timeout(180)
    void shouldFetchAgainAtOnceWhenTheProducerSubscribesToItsFetchesLate() throws Exception
    {
        // A retry interval far beyond the test: only the producer's late subscription can make the consumer ask again.
        try (ConsumerNode consumer = startConsumer("earliest", "consumer.fetch.retry_interval", 600_000))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(head(5));
            assertThat(peer.await(MessageType.FETCH).sequence()).isZero();

            // The partition's producer connects to the consumer and subscribes to its FETCHes only now (it heard the
            // consumer's beacon after the consumer heard its HEAD): the first FETCH never reached it.
            try (ZContext context = new ZContext();
                 ZMQ.Socket producer = Sockets.create(context, SocketType.SUB, 1 << 20))
            {
                producer.connect(consumer.endpoint());
                producer.subscribe(SubscriptionNotice.subscription(MessageType.FETCH, partition));
                // A fresh connection sometimes stalls before its handshake and is made again
                // (docs/dependencies.md); JeroMQ sends the subscription on the new connection only once the socket
                // is used, so the wait uses it.
                await("the consumer sees the producer's subscription to its FETCHes").atMost(Duration.ofMinutes(2))
                    .until(() -> producer.getEvents() >= 0
                        && consumer.metrics().get(Metric.FETCH_SUBSCRIPTIONS_SEEN) > 0);
                Received again = null;
                final List<MessageType> seen = new ArrayList<>();
                final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (again == null && System.nanoTime() < deadline)
                {
                    peer.send(head(5));
                    final Received next = peer.next(200);
                    if (next != null && next.type() == MessageType.FETCH && partition.equals(next.topic()))
                    {
                        again = next;
                    }
                    else if (next != null)
                    {
                        seen.add(next.type());
                    }
                }
                assertThat(again).as("a FETCH once the producer subscribed (received instead: %s; FETCHes sent: %d)",
                    seen, consumer.metrics().get(Metric.FETCHES_SENT)).isNotNull();
                assertThat(again.sequence()).isZero();
                assertThat(again.count()).isEqualTo(6);
            }
        }
    }

    @Test
    void shouldRepeatALostFetchWhileHeadsKeepComing() throws Exception
    {
        // Scenario 27 (C stalls, docs/protocol.md#gap-requests-and-retries): the first FETCH is lost; the consumer
        // asks again after the retry interval.
        try (ConsumerNode consumer = startConsumer("earliest", "consumer.fetch.retry_interval", 300))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(head(5));
            final Received first = peer.await(MessageType.FETCH);
            final long firstAt = System.nanoTime();
            assertThat(first.sequence()).isZero();
            assertThat(first.count()).isEqualTo(6);

            // The peer ignores it and keeps announcing the head, as a producer would.
            Received again = null;
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (again == null && System.nanoTime() < deadline)
            {
                peer.send(head(5));
                final Received next = peer.next(50);
                if (next != null && next.type() == MessageType.FETCH)
                {
                    again = next;
                }
            }
            assertThat(again).as("a repeated FETCH").isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - firstAt)).as("not before the retry interval")
                .isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(again.topic()).isEqualTo(partition);
            assertThat(again.sequence()).isZero();
            assertThat(again.count()).isEqualTo(6);

            for (int sequence = 0; sequence <= 5; sequence++)
            {
                peer.send(directRecord(consumer, sequence));
            }
            for (int sequence = 0; sequence <= 5; sequence++)
            {
                assertDelivered(consumer.poll(WAIT), sequence, "record-" + sequence);
            }
        }
    }

    @Test
    void shouldDropDuplicatesOfDeliveredRecords() throws Exception
    {
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(record(0, "record-0"));
            assertDelivered(consumer.poll(WAIT), 0, "record-0");

            peer.send(directRecord(consumer, 0)); // e.g. a store answering the same FETCH as the producer
            peer.send(record(0, "record-0"));
            peer.send(record(1, "record-1"));
            assertDelivered(consumer.poll(WAIT), 1, "record-1");
            assertThat(consumer.poll(QUIET)).isNull();
            assertThat(consumer.metrics().get(Metric.DUPLICATES_DROPPED)).isEqualTo(2);
        }
    }

    @Test
    void shouldCountAHeadBelowWhatWasDeliveredAsASequenceRegressionAndKeepDuplicateRecordsSilent() throws Exception
    {
        // Issue 10 item 6: a new producer incarnation re-uses the address of a partition delivered up to 14.
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            for (int sequence = 0; sequence < 15; sequence++)
            {
                peer.send(record(sequence, "old-" + sequence));
            }
            for (int sequence = 0; sequence < 15; sequence++)
            {
                assertDelivered(consumer.poll(WAIT), sequence, "old-" + sequence);
            }
            peer.send(head(14)); // the old incarnation's own head: no regression
            for (int sequence = 0; sequence < 10; sequence++)
            {
                peer.send(record(sequence, "new-" + sequence));
            }
            messagesUntilSync(consumer);
            assertThat(consumer.metrics().get(Metric.SEQUENCE_REGRESSIONS)).as("records alone stay silent").isZero();
            assertThat(consumer.metrics().get(Metric.DUPLICATES_DROPPED)).isEqualTo(10);

            peer.send(head(9));
            peer.send(head(9));
            messagesUntilSync(consumer);
            assertThat(consumer.metrics().get(Metric.SEQUENCE_REGRESSIONS)).isEqualTo(2);
            assertThat(consumer.poll(QUIET)).as("nothing of the new incarnation is delivered").isNull();
        }
    }

    @Test
    void shouldNotTakeAStoreHeadBehindTheDeliveredPositionForARegression() throws Exception
    {
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            for (int sequence = 0; sequence < 5; sequence++)
            {
                peer.send(record(sequence, "record-" + sequence));
            }
            for (int sequence = 0; sequence < 5; sequence++)
            {
                assertDelivered(consumer.poll(WAIT), sequence, "record-" + sequence);
            }
            peer.send(new DirectHead().set(consumer.address(), partition, TOPIC, 2)); // a store that lags
            messagesUntilSync(consumer);
            assertThat(consumer.metrics().get(Metric.SEQUENCE_REGRESSIONS)).isZero();
        }
    }

    @Test
    void shouldFetchOnlyTheRealGap() throws Exception
    {
        // C asks to the end of the 100 000-record window (count 100000 from 0); Java asks for what is missing.
        try (ConsumerNode consumer = startConsumer("earliest"))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(head(5));
            final Received fromHead = peer.await(MessageType.FETCH);
            assertThat(fromHead.sequence()).isZero();
            assertThat(fromHead.count()).isEqualTo(6);
            for (int sequence = 0; sequence <= 5; sequence++)
            {
                peer.send(directRecord(consumer, sequence));
            }
            for (int sequence = 0; sequence <= 5; sequence++)
            {
                assertDelivered(consumer.poll(WAIT), sequence, "record-" + sequence);
            }

            peer.send(record(50, "record-50")); // held; the gap is 6..49
            final Received fromRecord = peer.await(MessageType.FETCH);
            assertThat(fromRecord.sequence()).isEqualTo(6);
            assertThat(fromRecord.count()).isEqualTo(44);
        }
    }

    @Test
    void shouldCapTheFetchCountAndAskForTheNextPartAsSoonAsOneIsAnswered() throws Exception
    {
        // The store's DIRECT-HEAD is all the consumer learns; no retry can help within the test (retry 30 s).
        try (ConsumerNode consumer = startConsumer("earliest", "consumer.fetch.max_count", 10,
            "consumer.fetch.retry_interval", 30_000))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(new DirectHead().set(consumer.address(), partition, TOPIC, 29));
            for (int part = 0; part < 3; part++)
            {
                final Received fetch = peer.await(MessageType.FETCH);
                assertThat(fetch.sequence()).isEqualTo(part * 10L);
                assertThat(fetch.count()).isEqualTo(10);
                for (int sequence = part * 10; sequence < part * 10 + 10; sequence++)
                {
                    peer.send(directRecord(consumer, sequence));
                }
            }
            for (int sequence = 0; sequence < 30; sequence++)
            {
                assertDelivered(consumer.poll(WAIT), sequence, "record-" + sequence);
            }
            assertThat(messagesUntilSync(consumer)).as("caught up: no more FETCH")
                .noneMatch(m -> m.type() == MessageType.FETCH);
        }
    }

    @Test
    void shouldFetchTheRestAgainWhenAnAnswerStopsShortWithoutWaitingForAHead() throws Exception
    {
        try (ConsumerNode consumer = startConsumer("earliest", "consumer.fetch.retry_interval", 200))
        {
            link(consumer);
            subscribe(consumer, TOPIC);
            peer.send(head(5));
            final Received first = peer.await(MessageType.FETCH);
            assertThat(first.sequence()).isZero();
            assertThat(first.count()).isEqualTo(6);
            for (int sequence = 0; sequence <= 2; sequence++)
            {
                peer.send(directRecord(consumer, sequence)); // the answer stops after 2
            }
            for (int sequence = 0; sequence <= 2; sequence++)
            {
                assertDelivered(consumer.poll(WAIT), sequence, "record-" + sequence);
            }

            final Received retry = peer.await(MessageType.FETCH); // no HEAD sent: the retry sweep asks
            assertThat(retry.topic()).isEqualTo(partition);
            assertThat(retry.sequence()).isEqualTo(3);
            assertThat(retry.count()).isEqualTo(3);
            for (int sequence = 3; sequence <= 5; sequence++)
            {
                peer.send(directRecord(consumer, sequence));
            }
            for (int sequence = 3; sequence <= 5; sequence++)
            {
                assertDelivered(consumer.poll(WAIT), sequence, "record-" + sequence);
            }

            // Caught up: several retry intervals pass without another FETCH.
            final long quietUntil = System.nanoTime() + Duration.ofMillis(700).toNanos();
            for (long left = quietUntil - System.nanoTime(); left > 0; left = quietUntil - System.nanoTime())
            {
                final Received next = peer.next(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                assertThat(next).as("nothing after catching up").isNull();
            }
        }
    }

    @Test
    void shouldDeliverEveryRecordOnceInOrderWhenTheApplicationFallsBehind() throws Exception
    {
        // Back-pressure: 16 records queued for the application, 16 more inside the engine, which then stops
        // reading the network until the application polls. Small high-water marks let the producer drop what the
        // consumer does not read, and live records 1000-1199 are lost on purpose: all is recovered by FETCH from
        // the producer.
        final int total = 2000;
        final byte[] padding = new byte[4096];
        try (ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.terminate_unacked", true,
                 "producer.head_interval", 100, "producer.high_watermark", 500));
             ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest",
                 "consumer.queue.capacity", 16, "consumer.high_watermark", 100, "consumer.fetch.retry_interval", 200),
                 Clock.SYSTEM, (topic, partitionAddress, sequence) -> sequence < 1000 || sequence >= 1200))
        {
            consumer.subscribe(TOPIC);
            producer.send(TOPIC, payload(0, padding));
            final ConsumedRecord first = consumer.poll(WAIT); // the two are linked, live or through FETCH
            assertThat(first).isNotNull();
            assertThat(first.sequence()).isZero();

            for (int sequence = 1; sequence < total; sequence++)
            {
                producer.send(TOPIC, payload(sequence, padding));
            }
            await().atMost(WAIT).until(() -> producer.metrics().get(Metric.RECORDS_PUBLISHED) == total);
            await().atMost(WAIT).until(() -> consumer.metrics().get(Metric.RECORDS_DELIVERED) >= 1 + 16 + 16);
            await().during(Duration.ofMillis(300)).atMost(WAIT).until(
                () -> consumer.metrics().get(Metric.RECORDS_DELIVERED) <= 1 + 16 + 16);

            final List<ConsumedRecord> received = new ArrayList<>();
            received.add(first);
            final long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (received.size() < total && System.nanoTime() < deadline)
            {
                consumer.poll(received, 100, Duration.ofMillis(100));
            }
            assertThat(consumer.poll(QUIET)).as("nothing beyond the last record").isNull();
            assertThat(received).hasSize(total);
            for (int i = 0; i < total; i++)
            {
                final ConsumedRecord record = received.get(i);
                assertThat(record.sequence()).isEqualTo(i);
                assertThat(record.partition()).isEqualTo(producer.partitionAddress(TOPIC));
                assertThat(record.content()).isEqualTo(payload(i, padding));
            }
            assertThat(consumer.metrics().get(Metric.FETCHES_SENT)).isPositive();
        }
    }

    private ConsumerNode startConsumer(final String reset, final Object... overrides)
    {
        final Object[] settings = new Object[overrides.length + 2];
        settings[0] = "consumer.offset.reset";
        settings[1] = reset;
        System.arraycopy(overrides, 0, settings, 2, overrides.length);
        return ConsumerNode.start(Loopback.nodeConfig(tower, settings));
    }

    /**
     * Links the peer and the consumer both ways: waits until the consumer's SUB subscribed STORE-HELLO on the
     * peer's XPUB, then repeats STORE-HELLO until the consumer's CONSUMER-HELLO reaches the peer's SUB.
     *
     * @return the first CONSUMER-HELLO received
     */
    private Received link(final ConsumerNode consumer) throws InterruptedException
    {
        peer.awaitSubscription(MessageType.STORE_HELLO, consumer.address());
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline)
        {
            peer.send(new StoreHello().set(consumer.address(), peer.address()));
            final long attemptEnd = System.nanoTime() + Duration.ofMillis(250).toNanos();
            for (long left = attemptEnd - System.nanoTime(); left > 0; left = attemptEnd - System.nanoTime())
            {
                final Received next = peer.next(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                if (next != null && next.type() == MessageType.CONSUMER_HELLO)
                {
                    return next;
                }
            }
        }
        throw new AssertionError("the consumer never answered STORE-HELLO within " + WAIT);
    }

    /** Subscribes and waits until the consumer's RECORD and HEAD subscriptions reached the peer. */
    private void subscribe(final ConsumerNode consumer, final String topic) throws InterruptedException
    {
        consumer.subscribe(topic);
        peer.awaitSubscription(MessageType.RECORD, topic + "\u0000");
        peer.awaitSubscription(MessageType.HEAD, topic + "\u0000");
    }

    /**
     * Sends STORE-HELLO and returns everything the consumer sent before its answer: once the answer is here the
     * consumer has handled every message the peer sent before.
     */
    private List<Received> messagesUntilSync(final ConsumerNode consumer) throws InterruptedException
    {
        peer.send(new StoreHello().set(consumer.address(), peer.address()));
        final List<Received> before = new ArrayList<>();
        final long deadline = System.nanoTime() + WAIT.toNanos();
        for (long left = WAIT.toNanos(); left > 0; left = deadline - System.nanoTime())
        {
            final Received next = peer.next(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            if (next != null && next.type() == MessageType.CONSUMER_HELLO)
            {
                return before;
            }
            if (next != null)
            {
                before.add(next);
            }
        }
        throw new AssertionError("no CONSUMER-HELLO within " + WAIT);
    }

    private Record record(final long sequence, final String content)
    {
        return new Record().set(TOPIC, partition, TOPIC, sequence, text(content));
    }

    private Head head(final long sequence)
    {
        return new Head().set(TOPIC, partition, TOPIC, sequence);
    }

    private DirectRecord directRecord(final ConsumerNode consumer, final long sequence)
    {
        return new DirectRecord().set(consumer.address(), partition, TOPIC, sequence, text("record-" + sequence));
    }

    private void assertDelivered(final ConsumedRecord record, final long sequence, final String content)
    {
        assertThat(record).as("record %d delivered", sequence).isNotNull();
        assertThat(record.topic()).isEqualTo(TOPIC);
        assertThat(record.partition()).isEqualTo(partition);
        assertThat(record.sequence()).isEqualTo(sequence);
        assertThat(record.text()).isEqualTo(content);
    }

    private static byte[] payload(final int sequence, final byte[] padding)
    {
        final byte[] payload = padding.clone();
        final byte[] label = ("record-" + sequence).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, payload, 0, label.length);
        return payload;
    }

    private static byte[] text(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
