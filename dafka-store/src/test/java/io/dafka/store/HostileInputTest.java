package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.testing.HostileClient;
import io.dafka.testing.Received;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/** Garbage and malicious ZMTP frames sent straight to the store's bound sockets do not stop it. */
@Timeout(60)
class HostileInputTest
{
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private StoreFixture fixture;

    @BeforeEach
    void start() throws InterruptedException
    {
        fixture = StoreFixture.start();
        fixture.awaitWriterLinked();
        fixture.awaitReaderLinked();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void shouldKeepStoringAfterHostileConnectionsToTheWriter() throws IOException, InterruptedException
    {
        attack(fixture.node.writerEndpoint());

        final String partition = Addresses.newAddress();
        for (int sequence = 0; sequence < 3; sequence++)
        {
            fixture.peer.send(new Record().set("hello", partition, "hello", sequence, bytes("after " + sequence)));
        }
        fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 2);
        fixture.syncWriter();
        assertThat(fixture.store.head("hello", partition)).isEqualTo(2);
    }

    @Test
    void shouldKeepServingAfterHostileConnectionsToTheReader() throws IOException, InterruptedException
    {
        final long malformedBefore = fixture.node.readerMetrics().get(Metric.MALFORMED_DROPPED);

        attack(fixture.node.readerEndpoint());

        // The frame with a negative size reached the XPUB as an empty message: dropped and counted.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(fixture.node.readerMetrics().get(Metric.MALFORMED_DROPPED)).isGreaterThan(malformedBefore));
        final String partition = Addresses.newAddress();
        fixture.store.append("hello", partition, 0, bytes("still served"));
        fixture.peer.send(new Fetch().set(partition, fixture.peer.address(), "hello", 0, 10));
        final Received record = fixture.peer.await(MessageType.DIRECT_RECORD, r -> r.address().equals(partition));
        assertThat(record.text()).isEqualTo("still served");
    }

    /**
     * Random bytes; a SUB handshake then a negative and a huge frame size; a handshake then a 2 GiB size. The
     * server must drop the connections with absurd sizes, which proves its I/O thread survived what came before.
     */
    private static void attack(final String endpoint) throws IOException
    {
        try (HostileClient garbage = HostileClient.connect(endpoint))
        {
            garbage.sendRandomBytes(4096, 42);
        }
        try (HostileClient negative = HostileClient.connect(endpoint))
        {
            negative.handshakeAsSub()
                .sendLongFrame(HostileClient.NEGATIVE_SIZE, new byte[0])
                .sendLongFrame(HostileClient.HUGE_SIZE, bytes("never read"));
            assertThat(negative.awaitClosedByPeer(CLOSE_WAIT_MILLIS)).as("closed after a huge frame").isTrue();
        }
        try (HostileClient large = HostileClient.connect(endpoint))
        {
            large.handshakeAsSub().sendLongFrame(HostileClient.LARGE_INT_SIZE, bytes("never read"));
            assertThat(large.awaitClosedByPeer(CLOSE_WAIT_MILLIS)).as("closed after a 2 GiB frame").isTrue();
        }
    }
}
