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
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.transport.Addresses;

/**
 * Mid-stream adoption of a partition by the store writer (docs/protocol.md#mid-stream-adoption, {@code
 * store.adopt}).
 */
@Timeout(60)
class StoreAdoptionTest
{
    private static final long TIMEOUT = 10_000;
    private static final String TOPIC = "hello";

    private final String partition = Addresses.newAddress();
    private StoreFixture fixture;

    @AfterEach
    void stop()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldAdoptFromTheFirstAnsweredRecordOnceSequenceZeroDidNotCome() throws InterruptedException
    {
        start(true);
        fixture.peer.send(record(7));
        assertThat(fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition)).sequence()).isZero();
        fixture.clock.advance(TIMEOUT);

        fixture.peer.send(directRecord(5));
        fixture.peer.send(directRecord(6));
        fixture.peer.send(directRecord(7)); // same connection as 5 and 6: arrives after them
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 7);

        assertThat(fixture.store.first(TOPIC, partition)).isEqualTo(5);
        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(7);
        assertThat(contents()).containsExactly("5", "6", "7");
    }

    @Test
    void shouldKeepAskingForSequenceZeroUntilTheTimeout() throws InterruptedException
    {
        start(true);
        fixture.peer.send(record(7));
        fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        fixture.clock.advance(TIMEOUT - 1);

        fixture.peer.send(directRecord(5));
        fixture.syncWriter();

        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(RecordStore.NONE);
        fixture.peer.send(directRecord(0));
        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 0);
        assertThat(fixture.store.first(TOPIC, partition)).isZero();
    }

    @Test
    void shouldNeverAdoptFromALiveRecord() throws InterruptedException
    {
        start(true);
        fixture.peer.send(record(7));
        fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        fixture.clock.advance(TIMEOUT);

        fixture.peer.send(record(8));
        fixture.syncWriter();

        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(RecordStore.NONE);
    }

    @Test
    void shouldNotAdoptByDefaultAsC() throws InterruptedException
    {
        start(false);
        fixture.peer.send(record(7));
        fixture.peer.await(MessageType.FETCH, f -> f.topic().equals(partition));
        fixture.clock.advance(100 * TIMEOUT);

        fixture.peer.send(directRecord(5));
        fixture.syncWriter();

        assertThat(fixture.store.head(TOPIC, partition)).isEqualTo(RecordStore.NONE);
    }

    private void start(final boolean adopt) throws InterruptedException
    {
        fixture = StoreFixture.start("store.adopt", adopt, "store.adopt.timeout", TIMEOUT,
            "store.fetch.retry_interval", 1000 * TIMEOUT);
        fixture.awaitWriterLinked();
    }

    private Record record(final long sequence)
    {
        return new Record().set(TOPIC, partition, TOPIC, sequence, bytes(Long.toString(sequence)));
    }

    private DirectRecord directRecord(final long sequence)
    {
        return new DirectRecord().set(fixture.node.writerAddress(), partition, TOPIC, sequence,
            bytes(Long.toString(sequence)));
    }

    private List<String> contents()
    {
        final List<String> contents = new ArrayList<>();
        fixture.store.read(TOPIC, partition, 0, 100, (sequence, content) -> contents.add(text(content)));
        fixture.store.read(TOPIC, partition, fixture.store.first(TOPIC, partition), 100,
            (sequence, content) -> contents.add(text(content)));
        return contents;
    }
}
