package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.codec.Head;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.config.DafkaConfig;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.store.durable.FaultyDisk;
import io.dafka.testing.Received;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/** A store writer on a disk that fills up: it ACKs only what is durable, degrades visibly and heals by itself. */
@Timeout(60)
class DiskFullStoreNodeTest
{
    private static final String TOPIC = "full";

    @TempDir
    Path directory;

    private final FaultyDisk disk = new FaultyDisk();
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
    void shouldAckNothingBeyondTheDurableHeadWhileTheDiskIsFullAndResumeOnceItIsFreed() throws InterruptedException
    {
        final DurableRecordStore store = disk.open(directory, DafkaConfig.of(Map.of("store.index.entries", 1000)));
        fixture = StoreFixture.start(store);
        fixture.awaitWriterLinked();
        final String partition = Addresses.newAddress();
        sendRecords(partition, 0, 99);
        fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 99);

        disk.fill();
        sendRecords(partition, 100, 199);
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.node.health().degraded());
        fixture.peer.send(new Head().set(TOPIC, partition, TOPIC, 199)); // asks the writer to re-ACK its head
        final Received reAck = fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition));

        assertThat(reAck.sequence()).isEqualTo(99);
        assertThat(store.head(TOPIC, partition)).isEqualTo(99);
        assertThat(fixture.node.writerMetrics().get(Metric.WRITE_FAILURES)).isPositive();
        assertThat(fixture.node.health().cause()).contains("No space left on device");

        disk.free();
        fixture.clock.advance(WriterHealth.MAX_BACKOFF_MILLIS); // the writer retries once its back-off is over
        sendRecords(partition, 100, 199); // as the producer's answer to the writer's FETCH would
        final Received resumed = fixture.peer.await(MessageType.ACK,
            ack -> ack.topic().equals(partition) && ack.sequence() == 199);

        assertThat(resumed.sequence()).isEqualTo(199);
        assertThat(fixture.node.health().degraded()).isFalse();
        assertThat(store.head(TOPIC, partition)).isEqualTo(199);
    }

    @Test
    void shouldTellItsListenerWhenItDegradesAndWhenItHeals() throws InterruptedException
    {
        final List<StoreHealth> changes = new CopyOnWriteArrayList<>();
        final DurableRecordStore store = disk.open(directory, DafkaConfig.of(Map.of("store.index.entries", 1000)));
        fixture = StoreFixture.start(store, changes::add);
        fixture.awaitWriterLinked();
        final String partition = Addresses.newAddress();

        disk.fill();
        sendRecords(partition, 0, 9);
        await().atMost(Duration.ofSeconds(20)).until(() -> changes.size() == 1);
        disk.free();
        fixture.clock.advance(WriterHealth.MAX_BACKOFF_MILLIS);
        sendRecords(partition, 0, 9);
        fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 9);

        assertThat(changes).extracting(StoreHealth::degraded).containsExactly(true, false);
        assertThat(changes.get(0).cause()).contains(directory.toString()).contains("No space left on device");
    }

    private void sendRecords(final String partition, final long from, final long to)
    {
        for (long sequence = from; sequence <= to; sequence++)
        {
            fixture.peer.send(new Record().set(TOPIC, partition, TOPIC, sequence, bytes("r" + sequence)));
        }
    }
}
