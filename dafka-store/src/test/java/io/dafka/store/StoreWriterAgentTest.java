package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static io.dafka.store.StoreFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.codec.DirectRecord;
import io.dafka.codec.Head;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.testing.Received;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;
import io.dafka.transport.Sockets;

/** The store writer (docs/protocol.md#store-writer) against a fake peer. */
@Timeout(60)
class StoreWriterAgentTest
{
    private static final long RETRY_MILLIS = 5_000;
    private static final String TOPIC = "hello";

    private final String partition = Addresses.newAddress();
    private StoreFixture fixture;

    @BeforeEach
    void start() throws InterruptedException
    {
        fixture = StoreFixture.start("store.fetch.retry_interval", RETRY_MILLIS);
        fixture.awaitWriterLinked();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void shouldStoreInOrderRecordsAndAckCumulatively() throws InterruptedException
    {
        for (int sequence = 0; sequence < 5; sequence++)
        {
            fixture.peer.send(record(sequence, "record " + sequence));
        }

        final List<Received> acks = acksUntil(4);
        assertThat(acks).allSatisfy(ack ->
        {
            assertThat(ack.topic()).isEqualTo(partition);
            assertThat(ack.subject()).isEqualTo(TOPIC);
        });
        assertThat(acks).extracting(Received::sequence).isSorted().hasSizeBetween(1, 5);
        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(4);
        assertThat(contents(0, 10)).containsExactly("record 0", "record 1", "record 2", "record 3", "record 4");
    }

    @Test
    void shouldFetchFromZeroWhenAnUnknownPartitionStartsLate() throws InterruptedException
    {
        fixture.peer.send(record(3, "3"));

        final Received fetch = fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        assertThat(fetch.address()).isEqualTo(fixture.node.writerAddress());
        assertThat(fetch.subject()).isEqualTo(TOPIC);
        assertThat(fetch.sequence()).isZero();
        assertThat(fetch.count()).isEqualTo(4);
        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(RecordStore.NONE);

        for (int sequence = 0; sequence <= 3; sequence++)
        {
            fixture.peer.send(directRecord(sequence, Integer.toString(sequence)));
        }
        acksUntil(3);
        assertThat(contents(0, 10)).containsExactly("0", "1", "2", "3");
    }

    @Test
    void shouldFetchTheGapWhenARecordSkipsAhead() throws InterruptedException
    {
        fixture.peer.send(record(0, "0"));
        fixture.peer.send(record(1, "1"));
        fixture.peer.send(record(5, "5"));

        final Received fetch = fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        assertThat(fetch.sequence()).isEqualTo(2);
        assertThat(fetch.count()).isEqualTo(4);
        fixture.syncWriter();
        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(1);
    }

    @Test
    void shouldFetchFromZeroOnTheHeadOfAnUnknownPartition() throws InterruptedException
    {
        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 7));

        final Received fetch = fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        assertThat(fetch.address()).isEqualTo(fixture.node.writerAddress());
        assertThat(fetch.sequence()).isZero();
        assertThat(fetch.count()).isEqualTo(8);
    }

    @Test
    void shouldFetchFromHeadPlusOneWhenAHeadIsAheadAndRepeatItAfterTheRetryInterval() throws InterruptedException
    {
        fixture.peer.send(record(0, "0"));
        fixture.peer.send(record(1, "1"));
        acksUntil(1);

        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 5));
        final Received fetch = fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        assertThat(fetch.sequence()).isEqualTo(2);
        assertThat(fetch.count()).isEqualTo(4);

        // Within the retry interval the same gap is not asked again: a RECORD of another partition sent after
        // the HEAD is ACKed (same connections, in order) with no FETCH before it.
        fixture.clock.advance(RETRY_MILLIS - 1);
        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 5));
        final String other = Addresses.newAddress();
        fixture.peer.send(new Record().set(TOPIC, other, TOPIC, 0, bytes("0")));
        final List<Received> meanwhile = fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(other));
        assertThat(meanwhile).noneMatch(message -> message.type() == MessageType.FETCH);

        // Unanswered for the whole interval: asked again.
        fixture.clock.advance(1);
        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 5));
        final Received repeated = fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        assertThat(repeated.sequence()).isEqualTo(2);
        assertThat(repeated.count()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(fixture.node.writerMetrics().get(Metric.FETCHES_SENT)).isEqualTo(2));
    }

    @Test
    @Timeout(180)
    void shouldFetchAgainAtOnceWhenTheProducerSubscribesToItsFetchesLate() throws InterruptedException
    {
        fixture.peer.send(record(5, "5"));
        assertThat(fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition)).count()).isEqualTo(6);

        // The first FETCH is outstanding: a later record does not ask again within the retry interval.
        fixture.peer.send(record(6, "6"));
        final String other = Addresses.newAddress();
        fixture.peer.send(new Record().set(TOPIC, other, TOPIC, 0, bytes("0")));
        assertThat(fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(other)))
            .noneMatch(message -> message.type() == MessageType.FETCH);

        // The partition's producer connects to the writer and subscribes to its FETCHes only now (it heard the
        // store's beacon after the store heard its records): the first FETCH never reached it, so the next
        // record asks again at once, with the clock standing still.
        try (ZContext context = new ZContext();
             ZMQ.Socket producer = Sockets.create(context, SocketType.SUB, 1 << 20))
        {
            producer.setReceiveTimeOut(30_000);
            producer.connect(fixture.node.writerEndpoint());
            producer.subscribe(SubscriptionNotice.subscription(MessageType.FETCH, partition));
            // The clock stands still, so only the subscription can make the writer ask again. A fresh connection
            // sometimes stalls before its handshake and is made again (docs/dependencies.md); JeroMQ sends the
            // subscription on the new connection only once the socket is used, so the wait uses it.
            await("the writer sees the producer's subscription to its FETCHes").atMost(Duration.ofMinutes(2))
                .until(() -> producer.getEvents() >= 0
                    && fixture.node.writerMetrics().get(Metric.FETCH_SUBSCRIPTIONS_SEEN) > 0);
            final Received again = fixture.resendUntil(record(7, "7"), MessageType.FETCH,
                f -> f.topic().equals(partition), Duration.ofMinutes(2));
            assertThat(again.sequence()).isZero();
            assertThat(again.count()).isEqualTo(8);
            assertThat(producer.recvStr()).as("the producer hears it").isNotNull();
        }
    }

    @Test
    void shouldAckItsHeadAgainOnAHeadItAlreadyHolds() throws InterruptedException
    {
        fixture.peer.send(record(0, "0"));
        fixture.peer.send(record(1, "1"));
        acksUntil(1);

        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 1));
        assertThat(fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition)).sequence()).isEqualTo(1);
        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 0));
        assertThat(fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition)).sequence()).isEqualTo(1);
    }

    @Test
    void shouldSendAStoreAckNamingItselfWithEveryAckAtTheSameSequence() throws InterruptedException
    {
        fixture.peer.send(record(0, "0"));
        fixture.peer.send(record(1, "1"));
        acksUntil(1);
        final Received storeAck = fixture.peer.await(MessageType.STORE_ACK,
            ack -> ack.topic().equals(partition) && ack.sequence() == 1);
        assertThat(storeAck.subject()).isEqualTo(TOPIC);
        assertThat(storeAck.address()).as("the store field").isEqualTo(fixture.node.writerAddress());

        // The HEAD-driven repair ACK comes with its STORE-ACK too.
        fixture.peer.clear();
        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 1));
        assertThat(fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition)).sequence()).isEqualTo(1);
        final Received repeated = fixture.peer.await(MessageType.STORE_ACK, ack -> ack.topic().equals(partition));
        assertThat(repeated.sequence()).isEqualTo(1);
        assertThat(repeated.address()).isEqualTo(fixture.node.writerAddress());
    }

    @Test
    void shouldDropDuplicates() throws InterruptedException
    {
        for (int sequence = 0; sequence < 3; sequence++)
        {
            fixture.peer.send(record(sequence, "original " + sequence));
        }
        acksUntil(2);
        fixture.syncWriter();
        final long before = fixture.node.writerMetrics().get(Metric.DUPLICATES_DROPPED);

        fixture.peer.send(record(1, "again 1"));
        fixture.peer.send(record(0, "again 0"));
        fixture.peer.send(directRecord(2, "again 2"));
        fixture.syncWriter();

        assertThat(fixture.node.writerMetrics().get(Metric.DUPLICATES_DROPPED)).isEqualTo(before + 3);
        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(2);
        assertThat(contents(0, 10)).containsExactly("original 0", "original 1", "original 2");
    }

    @Test
    void shouldDropAndCountMalformedMessages() throws InterruptedException
    {
        final long before = fixture.node.writerMetrics().get(Metric.MALFORMED_DROPPED);

        // "M" subscription, wrong version byte; "H" prefix but truncated fields.
        fixture.peer.sendRaw(new byte[] {'M', 'x', 0, 2, 1, 'A'}, bytes("content"));
        fixture.peer.sendRaw(new byte[] {'H', 'x', 0, 1, 4, 'A'});
        fixture.peer.sendRaw(record(0, "no content frame").encode());
        fixture.syncWriter();

        assertThat(fixture.node.writerMetrics().get(Metric.MALFORMED_DROPPED)).isEqualTo(before + 3);
        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(RecordStore.NONE);
    }

    private Record record(final long sequence, final String content)
    {
        return new Record().set(TOPIC, partition, TOPIC, sequence, bytes(content));
    }

    private DirectRecord directRecord(final long sequence, final String content)
    {
        return new DirectRecord().set(fixture.node.writerAddress(), partition, TOPIC, sequence, bytes(content));
    }

    /** The ACKs of our partition up to the one for {@code sequence}. */
    private List<Received> acksUntil(final long sequence) throws InterruptedException
    {
        return fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == sequence)
            .stream().filter(m -> m.type() == MessageType.ACK && m.topic().equals(partition)).toList();
    }

    private List<String> contents(final long from, final int max)
    {
        final List<String> contents = new ArrayList<>();
        fixture.store.read(TOPIC, partition, from, max, (sequence, content) -> contents.add(text(content)));
        return contents;
    }
}
