package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

import io.dafka.DafkaException;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;
import io.dafka.transport.Metric;

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
    void shouldKeepWhatWasDeliveredWhenTheSeekIsToTheNextRecordPolled()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 50);
            await().atMost(WAIT).until(() -> position(consumer) == 50); // all delivered, none polled yet
            for (int sequence = 0; sequence < 10; sequence++)
            {
                assertThat(consumer.poll(WAIT).sequence()).isEqualTo(sequence);
            }

            consumer.seek(TOPIC, partition(), 10);

            final Collected after = new Collected();
            assertThat(after.pollUntil(consumer, c -> c.size() >= 40, WAIT)).isTrue();
            assertThat(Collected.consecutive(after.all(), 10)).isTrue();
            assertThat(consumer.poll(Duration.ofMillis(200))).as("nothing twice").isNull();
            assertThat(consumer.metrics().get(Metric.RECORDS_DELIVERED)).as("nothing delivered again").isEqualTo(50);
            assertThat(consumer.partitions(TOPIC).get(0).start()).isEqualTo(10);
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

            consumer.pause(TOPIC, partition());
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

    @Test
    void shouldTakeBackQueuedRecordsOnSeekSoTheNextPollIsTheSoughtRecord()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 100);
            await().atMost(WAIT).until(() -> position(consumer) == 100); // all delivered, none polled
            assertThat(consumer.poll(WAIT).sequence()).isZero();

            consumer.seek(TOPIC, partition(), 50);
            assertThat(consumer.poll(WAIT).sequence()).as("no record queued before the seek").isEqualTo(50);
            consumer.seek(TOPIC, partition(), 20);
            final Collected after = new Collected();
            assertThat(after.pollUntil(consumer, c -> c.size() >= 80, WAIT)).isTrue();
            assertThat(Collected.consecutive(after.all(), 20)).isTrue();
            assertThat(consumer.poll(Duration.ofMillis(200))).as("nothing twice").isNull();
        }
    }

    @Test
    void shouldDeliverEachRecordOnceAfterASeekToTheCurrentPosition()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 40);
            await().atMost(WAIT).until(() -> position(consumer) == 40);
            assertThat(consumer.poll(WAIT).sequence()).isZero();
            consumer.seek(TOPIC, partition(), 1);
            final Collected after = new Collected();
            assertThat(after.pollUntil(consumer, c -> c.size() >= 39, WAIT)).isTrue();
            assertThat(Collected.consecutive(after.all(), 1)).isTrue();
            assertThat(consumer.poll(Duration.ofMillis(200))).as("nothing twice").isNull();
        }
    }

    @Test
    void shouldTakeBackQueuedRecordsOnPauseAndDeliverThemFromThereOnResume()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 100);
            await().atMost(WAIT).until(() -> position(consumer) == 100);
            final Collected before = new Collected();
            consumer.poll(before.all(), 10, WAIT);
            assertThat(Collected.consecutive(before.all(), 0)).isTrue();
            assertThat(before.size()).isEqualTo(10);

            consumer.pause(TOPIC, partition());
            assertThat(position(consumer)).as("the delivery position moved back to the first record not polled")
                .isEqualTo(10);
            assertThat(consumer.poll(Duration.ofMillis(200))).as("paused: the queued records were taken back")
                .isNull();

            consumer.resume(TOPIC, partition());
            final Collected after = new Collected();
            assertThat(after.pollUntil(consumer, c -> c.size() >= 90, WAIT)).isTrue();
            assertThat(Collected.consecutive(after.all(), 10)).isTrue();
        }
    }

    @Test
    void shouldApplyASeekWhileTheEngineIsThrottledByAFullQueue()
    {
        try (ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset",
            "earliest", "consumer.queue.capacity", 10)))
        {
            consumer.subscribe(TOPIC);
            send(0, 100);
            // 10 records in the queue and 10 in the engine's backlog: the engine stopped reading the network.
            await().atMost(WAIT).until(() -> position(consumer) >= 20);

            consumer.seek(TOPIC, partition(), 5);
            final Collected after = new Collected();
            assertThat(after.pollUntil(consumer, c -> c.size() >= 95, WAIT)).isTrue();
            assertThat(Collected.consecutive(after.all(), 5)).isTrue();
        }
    }

    @Test
    void shouldKeepAWakeUpQueuedBeforeASeekTookTheRecordsBack()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 30);
            await().atMost(WAIT).until(() -> position(consumer) == 30);
            consumer.wakeup();
            consumer.seek(TOPIC, partition(), 10);
            final long start = System.nanoTime();
            assertThat(consumer.poll(WAIT)).as("woken up").isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT.dividedBy(2));
            assertThat(consumer.poll(WAIT).sequence()).isEqualTo(10);
        }
    }

    @Test
    void shouldDeliverTheRecordsNotPolledAgainAfterUnsubscribingAndSubscribingAgain()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            send(0, 50);
            await().atMost(WAIT).until(() -> position(consumer) == 50);
            final Collected before = new Collected();
            consumer.poll(before.all(), 10, WAIT);
            assertThat(before.size()).isEqualTo(10);

            consumer.unsubscribe(TOPIC);
            assertThat(consumer.poll(Duration.ofMillis(200))).as("the topic's queued records were taken back")
                .isNull();
            consumer.subscribe(TOPIC);
            final Collected after = new Collected();
            assertThat(after.pollUntil(consumer, c -> c.size() >= 40, WAIT)).isTrue();
            assertThat(Collected.consecutive(after.all(), 10)).isTrue();
        }
    }

    @Test
    void shouldFailFastWhenSeekingPausingOrResumingAClosedConsumer()
    {
        final ConsumerNode consumer = earliestConsumer();
        consumer.close();
        assertThatThrownBy(() -> consumer.seek(TOPIC, "any", 0)).isInstanceOf(DafkaException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> consumer.pause(TOPIC, "any")).isInstanceOf(DafkaException.class);
        assertThatThrownBy(() -> consumer.resume(TOPIC, "any")).isInstanceOf(DafkaException.class);
        assertThatThrownBy(() -> consumer.unsubscribe(TOPIC)).isInstanceOf(DafkaException.class);
    }

    @Test
    void shouldRefuseToPauseAPartitionItHasNotSeen()
    {
        try (ConsumerNode consumer = earliestConsumer())
        {
            assertThatThrownBy(() -> consumer.pause(TOPIC, "NO-SUCH-PARTITION")).isInstanceOf(DafkaException.class)
                .hasMessageContaining("NO-SUCH-PARTITION").hasMessageContaining("not seen");
        }
    }

    private ConsumerNode earliestConsumer()
    {
        final ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest"));
        consumer.subscribe(TOPIC);
        return consumer;
    }

    /** The engine's delivery position in the producer's partition, as published; -1 if none yet. */
    private long position(final ConsumerNode consumer)
    {
        final List<PartitionHead> partitions = consumer.partitions(TOPIC);
        return partitions.isEmpty() ? -1 : partitions.get(0).position();
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
