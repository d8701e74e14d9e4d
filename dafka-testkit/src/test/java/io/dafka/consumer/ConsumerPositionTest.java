package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;

/** Positions under the application's control: seek, pause and resume, start policies, partition heads. */
@Timeout(60)
class ConsumerPositionTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOPIC = "positions";

    private TowerNode tower;
    private ProducerNode producer;

    @BeforeEach
    void start()
    {
        tower = Loopback.startTower();
        producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.terminate_unacked", true,
            "producer.head_interval", 100));
    }

    @AfterEach
    void stop()
    {
        producer.close();
        tower.close();
    }

    @Test
    void shouldDeliverAgainFromAnEarlierSequenceAfterASeekBackwards()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 50);
            final Collected first = new Collected();
            assertThat(first.pollUntil(consumer, c -> c.size() >= 50, WAIT)).isTrue();

            consumer.seek(TOPIC, partition(), 10);
            final Collected again = new Collected();
            assertThat(again.pollUntil(consumer, c -> c.size() >= 40, WAIT)).isTrue();
            assertThat(again.all().get(0).sequence()).isEqualTo(10);
            assertThat(Collected.consecutive(again.all(), 10)).isTrue();
            assertThat(again.texts().get(0)).isEqualTo("record-10");
        }
    }

    @Test
    void shouldSkipAheadAfterASeekForwards()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 1);
            final Collected first = new Collected();
            assertThat(first.pollUntil(consumer, c -> c.size() >= 1, WAIT)).isTrue();
            consumer.seek(TOPIC, partition(), 30);
            send(1, 50);
            final Collected after = new Collected();
            assertThat(after.pollUntil(consumer, c -> c.size() >= 20, WAIT)).isTrue();
            assertThat(Collected.consecutive(after.all(), 30)).isTrue();
        }
    }

    @Test
    void shouldDeliverNothingOfAPausedPartitionAndResumeFromThePausePosition()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 10);
            final Collected before = new Collected();
            assertThat(before.pollUntil(consumer, c -> c.size() >= 10, WAIT)).isTrue();

            consumer.pause(TOPIC, partition(), 10);
            send(10, 30);
            await().atMost(WAIT).until(() -> head(consumer) == 29);
            assertThat(consumer.poll(Duration.ofMillis(200))).as("paused: nothing delivered").isNull();

            consumer.resume(TOPIC, partition());
            final Collected after = new Collected();
            assertThat(after.pollUntil(consumer, c -> c.size() >= 20, WAIT)).isTrue();
            assertThat(Collected.consecutive(after.all(), 10)).isTrue();
        }
    }

    @Test
    void shouldHoldAPartitionWithoutPositionUntilTheApplicationSeeks()
    {
        try (ConsumerNode consumer = ConsumerNode.builder(Loopback.nodeConfig(tower))
            .startPolicy((topic, partition, observed, fromHead) -> StartPolicy.UNPOSITIONED).start())
        {
            consumer.subscribe(TOPIC);
            send(0, 20);
            await().atMost(WAIT).until(() -> head(consumer) == 19);
            assertThat(consumer.partitions(TOPIC)).singleElement()
                .satisfies(p -> assertThat(p.position()).as("no position yet").isEqualTo(-1));
            assertThat(consumer.poll(Duration.ofMillis(200))).isNull();

            consumer.seek(TOPIC, partition(), 5);
            final Collected collected = new Collected();
            assertThat(collected.pollUntil(consumer, c -> c.size() >= 15, WAIT)).isTrue();
            assertThat(Collected.consecutive(collected.all(), 5)).isTrue();
            await().atMost(WAIT).until(() -> consumer.partitions(TOPIC).get(0).position() == 20);
        }
    }

    @Test
    void shouldEndAWaitingPollWhenWokenUpFromAnotherThread() throws Exception
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            final CompletableFuture<ConsumedRecord> polled =
                CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofSeconds(30)));
            consumer.wakeup();
            assertThat(polled.get(10, TimeUnit.SECONDS)).isNull();
        }
    }

    private ConsumerNode earliestConsumer()
    {
        final ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest"));
        consumer.subscribe(TOPIC);
        return consumer;
    }

    private long head(final ConsumerNode consumer)
    {
        final List<PartitionHead> partitions = consumer.partitions(TOPIC);
        return partitions.isEmpty() ? -1 : partitions.get(0).head();
    }

    private String partition()
    {
        return producer.partitionAddress(TOPIC);
    }

    private void send(final int from, final int until)
    {
        for (int i = from; i < until; i++)
        {
            producer.send(TOPIC, ("record-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }
}
