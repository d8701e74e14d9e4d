package io.dafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.testing.Collected;
import io.dafka.testing.HostileClient;
import io.dafka.testing.Loopback;
import io.dafka.transport.Metric;

/** Garbage, bogus frame sizes and upstream junk sent over raw TCP to a producer's data socket do not stop it. */
@Timeout(60)
class ProducerHostileInputTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TowerNode tower;
    private ProducerNode producer;
    private ConsumerNode consumer;
    private final Collected collected = new Collected();

    @BeforeEach
    void start()
    {
        tower = Loopback.startTower();
        producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.terminate_unacked", true,
            "producer.head_interval", 100));
        consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest"));
        consumer.subscribe("hello");
    }

    @AfterEach
    void stop()
    {
        consumer.close();
        producer.close();
        tower.close();
    }

    @Test
    void shouldKeepPublishingAfterGarbageAndBogusFrameSizesOnItsEndpoint() throws Exception
    {
        sendAndCollect(0, 100);

        HostileClient.attack(endpoint());

        sendAndCollect(100, 200);
        assertThat(Collected.consecutive(collected.all(), 0)).isTrue();
    }

    @Test
    void shouldDropAndCountUpstreamMessagesThatAreNoSubscriptions() throws Exception
    {
        sendAndCollect(0, 100);
        final long before = producer.metrics().get(Metric.MALFORMED_DROPPED);

        try (HostileClient subscriber = HostileClient.connect(endpoint()).handshakeAsSub())
        {
            // subscriptions of odd lengths: valid, the socket handles them, nothing to count
            subscriber.sendFrame(new byte[] {0x01}, false).sendFrame(new byte[] {0x00}, false)
                .sendFrame(new byte[] {0x01, 'K'}, false).sendFrame(new byte[] {0x00, 'Z', 'Z', 'Z'}, false);
            // not subscriptions: an empty frame, other first bytes, a big one; each dropped and counted
            subscriber.sendFrame(new byte[0], false).sendFrame(new byte[] {0x02, 'x'}, false)
                .sendFrame(new byte[] {(byte)0xFF}, false).sendFrame(junk(100_000), false);
            await().atMost(WAIT).until(() -> producer.metrics().get(Metric.MALFORMED_DROPPED) >= before + 4);

            sendAndCollect(100, 200);
        }
        assertThat(producer.metrics().get(Metric.MALFORMED_DROPPED)).isEqualTo(before + 4);
        assertThat(Collected.consecutive(collected.all(), 0)).isTrue();
    }

    /** {@code size} bytes starting with 0x02: neither a subscribe (0x01) nor an unsubscribe (0x00). */
    private static byte[] junk(final int size)
    {
        final byte[] junk = new byte[size];
        junk[0] = 0x02;
        return junk;
    }

    private String endpoint()
    {
        return "tcp://" + producer.host() + ":" + producer.port();
    }

    private void sendAndCollect(final int from, final int until)
    {
        for (int i = from; i < until; i++)
        {
            producer.send("hello", ("record-" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(collected.pollUntil(consumer, c -> c.size() >= until, WAIT)).isTrue();
        assertThat(collected.size()).isEqualTo(until);
    }
}
