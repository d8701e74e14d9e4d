package io.dafka.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.consumer.ConsumerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.testing.Collected;
import io.dafka.testing.HostileClient;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;
import io.dafka.transport.Metric;

/** Garbage and junk frames sent over raw TCP to both of a tower's endpoints do not stop it relaying beacons. */
@Timeout(60)
class TowerHostileInputTest extends WithLoopbackTower
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldStillIntroduceNodesAfterGarbageAndBogusFrameSizesOnBothEndpoints() throws Exception
    {
        final long before = tower.metrics().get(Metric.MALFORMED_DROPPED);

        HostileClient.attack(tower.subEndpoint(), "PUB");
        HostileClient.attack(tower.pubEndpoint(), "SUB");

        // each negative frame size reached a socket as an empty message: dropped and counted
        await().atMost(WAIT).until(() -> tower.metrics().get(Metric.MALFORMED_DROPPED) > before);
        assertRecordsStillFlowBetweenNewNodes();
    }

    @Test
    void shouldDropAndCountJunkBeaconsAndJunkSubscriptions() throws Exception
    {
        final long before = tower.metrics().get(Metric.MALFORMED_DROPPED);

        try (HostileClient beacons = HostileClient.connect(tower.subEndpoint()).handshakeAs("PUB");
             HostileClient subscriber = HostileClient.connect(tower.pubEndpoint()).handshakeAsSub())
        {
            beacons.sendFrame(text("B"), false); // one frame instead of four
            beacons.sendFrame(text("B"), true).sendFrame(text("ABCD"), true).sendFrame(text("127.0.0.1"), true)
                .sendFrame(text("port"), false); // a port that is no number
            beacons.sendFrame(text("X"), true).sendFrame(text("ABCD"), true).sendFrame(text("127.0.0.1"), true)
                .sendFrame(text("5000"), false); // not a beacon
            subscriber.sendFrame(new byte[0], false).sendFrame(new byte[] {0x02, 'W'}, false); // no subscriptions
            subscriber.sendFrame(new byte[] {0x01}, false).sendFrame(new byte[] {0x01, 'W'}, false); // valid
            await().atMost(WAIT).until(() -> tower.metrics().get(Metric.MALFORMED_DROPPED) >= before + 5);

            assertRecordsStillFlowBetweenNewNodes();
        }
        assertThat(tower.metrics().get(Metric.MALFORMED_DROPPED)).isEqualTo(before + 5);
    }

    private void assertRecordsStillFlowBetweenNewNodes()
    {
        try (ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.terminate_unacked", true,
                 "producer.head_interval", 100));
             ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest")))
        {
            consumer.subscribe("hello");
            for (int i = 0; i < 100; i++)
            {
                producer.send("hello", text("record-" + i));
            }
            final Collected collected = new Collected();
            assertThat(collected.pollUntil(consumer, c -> c.size() >= 100, WAIT)).isTrue();
            assertThat(Collected.consecutive(collected.all(), 0)).isTrue();
        }
    }

    private static byte[] text(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
