package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static io.dafka.store.StoreFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.codec.DirectRecord;
import io.dafka.codec.Head;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.codec.StoreHeads;
import io.dafka.testing.Received;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/**
 * The store writer's side of anti-entropy (STORE-HEADS from a fake peer store) and its sequence-regression
 * check, against a {@link StoreFixture}.
 */
@Timeout(60)
class StoreAntiEntropyTest
{
    private static final long SYNC_MILLIS = 5_000;
    private static final String TOPIC = "hello";

    private final String partition = Addresses.newAddress();
    private final String peerWriter = Addresses.newAddress();
    private StoreFixture fixture;

    @AfterEach
    void stop()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    private void start(final RecordStore store) throws InterruptedException
    {
        fixture = StoreFixture.start(store, "store.sync.interval", SYNC_MILLIS, "store.fetch.retry_interval", 60_000);
        fixture.awaitWriterLinked();
    }

    @Test
    void shouldFetchEveryPartitionAPeerStoreHoldsMoreOfWithNoProducerAlive() throws InterruptedException
    {
        final RecordStore store = new InMemoryRecordStore();
        final String other = Addresses.newAddress();
        store.append("world", other, 0, bytes("w0"));
        start(store);

        fixture.peer.send(summary(peerWriter).add(TOPIC, partition, 0, 3).add("world", other, 0, 2));

        final Received first = fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        assertThat(first.address()).isEqualTo(fixture.node.writerAddress());
        assertThat(first.subject()).isEqualTo(TOPIC);
        assertThat(first.sequence()).isZero();
        assertThat(first.count()).isEqualTo(4);
        final Received second = fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(other));
        assertThat(second.sequence()).isEqualTo(1);
        assertThat(second.count()).isEqualTo(2);

        for (int sequence = 0; sequence <= 3; sequence++)
        {
            fixture.peer.send(directRecord(TOPIC, partition, sequence));
        }
        fixture.peer.send(directRecord("world", other, 1));
        fixture.peer.send(directRecord("world", other, 2));
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(other) && ack.sequence() == 2);
        fixture.syncWriter();

        assertThat(contents(TOPIC, partition)).containsExactly("0", "1", "2", "3");
        assertThat(contents("world", other)).containsExactly("w0", "1", "2");
    }

    @Test
    void shouldIgnoreItsOwnStoresSummaryAndPartitionsItHoldsAsMuchOf() throws InterruptedException
    {
        final RecordStore store = new InMemoryRecordStore();
        final String held = Addresses.newAddress();
        store.append(TOPIC, held, 0, bytes("0"));
        store.append(TOPIC, held, 1, bytes("1"));
        start(store);
        final String marker = Addresses.newAddress();

        fixture.peer.send(summary(fixture.node.writerAddress()).add(TOPIC, partition, 0, 3));
        fixture.peer.send(summary(peerWriter).add(TOPIC, held, 0, 1).add(TOPIC, marker, 0, 0));

        final List<Received> before = fixture.receiveUntil(MessageType.FETCH, f -> f.topic().equals(marker));
        assertThat(before).noneMatch(message -> message.type() == MessageType.FETCH &&
            !message.topic().equals(marker));
        assertThat(fixture.node.writerMetrics().get(Metric.FETCHES_SENT)).isEqualTo(1);
    }

    @Test
    void shouldStartAPartitionAtTheLowestFirstPeersHoldOnlyAfterAFullSyncInterval() throws InterruptedException
    {
        start(new InMemoryRecordStore());

        fixture.peer.send(summary(peerWriter).add(TOPIC, partition, 5, 7));
        final Received fetch = fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        assertThat(fetch.sequence()).isZero();
        assertThat(fetch.count()).isEqualTo(8);

        // Reported for less than a sync interval: another peer may still report the start, so no start at 5.
        fixture.peer.send(directRecord(TOPIC, partition, 5));
        fixture.syncWriter();
        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(RecordStore.NONE);

        fixture.clock.advance(SYNC_MILLIS);
        fixture.peer.send(summary(peerWriter).add(TOPIC, partition, 5, 7));
        for (int sequence = 5; sequence <= 7; sequence++)
        {
            fixture.peer.send(directRecord(TOPIC, partition, sequence));
        }
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 7);

        assertThat(fixture.store.first(TOPIC, partition)).isEqualTo(5);
        assertThat(contents(TOPIC, partition)).containsExactly("5", "6", "7");
    }

    @Test
    void shouldNotStartAPartitionAboveZeroWhileAPeerReportsHoldingItsStart() throws InterruptedException
    {
        start(new InMemoryRecordStore());

        fixture.peer.send(summary(peerWriter).add(TOPIC, partition, 5, 7));
        fixture.peer.send(summary(Addresses.newAddress()).add(TOPIC, partition, 0, 7));
        // Summaries and DIRECT-RECORDs reach the writer on different sockets, in no fixed order: let the writer
        // handle both summaries (a RECORD behind them on their socket is ACKed) before the record that tests them.
        fixture.syncWriter();
        fixture.clock.advance(SYNC_MILLIS);
        fixture.peer.send(directRecord(TOPIC, partition, 5));
        fixture.syncWriter();

        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(RecordStore.NONE);
        fixture.peer.send(directRecord(TOPIC, partition, 0));
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 0);
        assertThat(fixture.store.first(TOPIC, partition)).isZero();
    }

    @Test
    void shouldDropAndCountSummaryEntriesThatCannotBeReal() throws InterruptedException
    {
        start(new InMemoryRecordStore());
        final long before = fixture.node.writerMetrics().get(Metric.MALFORMED_DROPPED);

        fixture.peer.send(summary(peerWriter).add(TOPIC, partition, 9, 3).add(TOPIC, "bad\u0000address", 0, 3)
            .add(TOPIC, partition, 0, -1));
        fixture.syncWriter();

        assertThat(fixture.node.writerMetrics().get(Metric.MALFORMED_DROPPED)).isEqualTo(before + 3);
        assertThat(fixture.node.writerMetrics().get(Metric.FETCHES_SENT)).isZero();
    }

    @Test
    void shouldCountAndWarnAHeadBelowALiveSequenceAndStillAckTheHead() throws InterruptedException
    {
        start(new InMemoryRecordStore());
        for (int sequence = 0; sequence <= 4; sequence++)
        {
            fixture.peer.send(new Record().set(TOPIC, partition, TOPIC, sequence, bytes(Integer.toString(sequence))));
        }
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 4);
        assertThat(regressions()).isZero();

        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 2));

        assertThat(fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition)).sequence()).isEqualTo(4);
        assertThat(regressions()).isEqualTo(1);
    }

    @Test
    void shouldCountARecordAtAHeadStoredBeforeTheWriterStartedOncePerIncarnation() throws InterruptedException
    {
        final RecordStore store = new InMemoryRecordStore();
        for (int sequence = 0; sequence <= 9; sequence++)
        {
            store.append(TOPIC, partition, sequence, bytes("old " + sequence));
        }
        start(store);

        fixture.peer.send(new Record().set(TOPIC, partition, TOPIC, 0, bytes("new 0")));
        fixture.peer.send(new Record().set(TOPIC, partition, TOPIC, 1, bytes("new 1")));
        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 1));

        assertThat(fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition)).sequence()).isEqualTo(9);
        fixture.syncWriter();
        assertThat(regressions()).isEqualTo(1);
        assertThat(contents(TOPIC, partition)).first().isEqualTo("old 0");
    }

    @Test
    void shouldNotCountAHeadBelowAHeadRaisedByDirectRecords() throws InterruptedException
    {
        start(new InMemoryRecordStore());
        for (int sequence = 0; sequence <= 5; sequence++)
        {
            fixture.peer.send(directRecord(TOPIC, partition, sequence));
        }
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 5);

        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 3)); // may have been queued behind them
        fixture.peer.send(new Record().set(TOPIC, partition, TOPIC, 4, bytes("4")));
        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 5));
        fixture.syncWriter();

        assertThat(regressions()).isZero();
    }

    private long regressions()
    {
        return fixture.node.writerMetrics().get(Metric.SEQUENCE_REGRESSIONS);
    }

    private StoreHeads summary(final String writer)
    {
        return new StoreHeads().set(Addresses.newAddress(), writer);
    }

    private DirectRecord directRecord(final String subject, final String address, final long sequence)
    {
        return new DirectRecord().set(fixture.node.writerAddress(), address, subject, sequence,
            bytes(Long.toString(sequence)));
    }

    private List<String> contents(final String subject, final String address)
    {
        final List<String> contents = new ArrayList<>();
        fixture.store.read(subject, address, fixture.store.first(subject, address), 100,
            (sequence, content) -> contents.add(text(content)));
        return contents;
    }
}
