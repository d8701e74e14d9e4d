package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.producer.ProducerNode;
import io.dafka.testing.Collected;
import io.dafka.testing.HostileClient;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;
import io.dafka.transport.Metric;

/** Garbage and bogus ZMTP frames sent over raw TCP to a consumer's endpoint do not stop it delivering. */
@Timeout(60)
class ConsumerHostileInputTest extends WithLoopbackTower
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldKeepDeliveringAfterGarbageAndBogusFrameSizesOnItsEndpoint() throws Exception
    {
        try (ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.terminate_unacked", true,
                 "producer.head_interval", 100));
             ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest")))
        {
            consumer.subscribe("hello");
            send(producer, 0, 100);
            final Collected collected = new Collected();
            assertThat(collected.pollUntil(consumer, c -> c.size() >= 100, WAIT)).isTrue();
            final long malformedBefore = consumer.metrics().get(Metric.MALFORMED_DROPPED);

            HostileClient.attack(consumer.endpoint());

            // The frame with a negative size reaches the XPUB as an empty upstream message: dropped and counted.
            await().atMost(WAIT).until(() -> consumer.metrics().get(Metric.MALFORMED_DROPPED) > malformedBefore);
            send(producer, 100, 200);
            assertThat(collected.pollUntil(consumer, c -> c.size() >= 200, WAIT)).isTrue();
            assertThat(collected.size()).isEqualTo(200);
            assertThat(Collected.consecutive(collected.all(), 0)).isTrue();
            assertThat(collected.texts().get(199)).isEqualTo("record-199");
        }
    }

    private static void send(final ProducerNode producer, final int from, final int until)
    {
        for (int i = from; i < until; i++)
        {
            producer.send("hello", ("record-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }
}
