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
        HostileClient.attack(fixture.node.writerEndpoint());

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
    void shouldDropAndCountUpstreamMessagesToTheWriterThatAreNoSubscriptions() throws IOException,
        InterruptedException
    {
        final long before = fixture.node.writerMetrics().get(Metric.MALFORMED_DROPPED);

        try (HostileClient subscriber = HostileClient.connect(fixture.node.writerEndpoint()).handshakeAsSub())
        {
            // subscriptions of odd lengths are valid; an empty frame and other first bytes are not
            subscriber.sendFrame(new byte[] {0x01}, false).sendFrame(new byte[] {0x00, 'K'}, false)
                .sendFrame(new byte[0], false).sendFrame(new byte[] {0x7F, 'x', 'y'}, false)
                .sendFrame(new byte[300], false); // all zeros: an unsubscribe
            await().atMost(Duration.ofSeconds(10)).until(() ->
                fixture.node.writerMetrics().get(Metric.MALFORMED_DROPPED) >= before + 2);

            final String partition = Addresses.newAddress();
            fixture.peer.send(new Record().set("hello", partition, "hello", 0, bytes("after junk")));
            fixture.peer.await(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 0);
        }
        assertThat(fixture.node.writerMetrics().get(Metric.MALFORMED_DROPPED)).isEqualTo(before + 2);
    }

    @Test
    void shouldKeepServingAfterHostileConnectionsToTheReader() throws IOException, InterruptedException
    {
        final long malformedBefore = fixture.node.readerMetrics().get(Metric.MALFORMED_DROPPED);

        HostileClient.attack(fixture.node.readerEndpoint());

        // The frame with a negative size reached the XPUB as an empty message: dropped and counted.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(fixture.node.readerMetrics().get(Metric.MALFORMED_DROPPED)).isGreaterThan(malformedBefore));
        final String partition = Addresses.newAddress();
        fixture.store.append("hello", partition, 0, bytes("still served"));
        fixture.peer.send(new Fetch().set(partition, fixture.peer.address(), "hello", 0, 10));
        final Received record = fixture.peer.await(MessageType.DIRECT_RECORD, r -> r.address().equals(partition));
        assertThat(record.text()).isEqualTo("still served");
    }
}
