package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.producer.SendListener;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;

/**
 * A producer with 1 000 topics holds 2 000 subscriptions on its SUB ('K' and 'F' per partition), a consumer of
 * 1 000 topics 2 000 more ('M' and 'H' per topic). ZeroMQ drops subscriptions that hit a SUB's send HWM, also
 * when it replays them all to a newly connected peer; these tests fail if any is lost.
 */
@Timeout(180)
class ManyTopicsTest extends WithLoopbackTower
{
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int TOPICS = 1000;
    private static final int PER_TOPIC = 3;

    @Test
    void shouldAcknowledgeEveryRecordOfAThousandTopicsToAStoreStartedAfterThem()
    {
        try (InMemoryRecordStore records = new InMemoryRecordStore();
             ProducerNode producer = ProducerNode.start(config()))
        {
            final AtomicInteger stored = new AtomicInteger();
            sendAll(producer, stored); // every subscription exists before the store connects: one replay of 2 000
            try (StoreNode store = StoreNode.start(config(), records))
            {
                assertThat(producer.flush(WAIT)).as("every record acknowledged").isTrue();
                assertThat(stored.get()).isEqualTo(TOPICS * PER_TOPIC);
            }
        }
    }

    @Test
    void shouldAcknowledgeEveryRecordOfAThousandTopicsToARunningStore()
    {
        try (InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(config(), records);
             ProducerNode producer = ProducerNode.start(config()))
        {
            final AtomicInteger stored = new AtomicInteger();
            sendAll(producer, stored); // 2 000 subscriptions in a burst on a connected SUB
            assertThat(producer.flush(WAIT)).as("every record acknowledged").isTrue();
            assertThat(stored.get()).isEqualTo(TOPICS * PER_TOPIC);
        }
    }

    @Test
    void shouldDeliverAndAcknowledgeEveryRecordOfAThousandTopicsWithAConsumerOfThemAll()
    {
        try (InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(config(), records);
             ConsumerNode consumer = ConsumerNode.start(config("consumer.offset.reset", "earliest")))
        {
            for (int topic = 0; topic < TOPICS; topic++)
            {
                consumer.subscribe(topic(topic)); // 2 000 subscriptions, replayed to the producer when it appears
            }
            try (ProducerNode producer = ProducerNode.start(config()))
            {
                final AtomicInteger stored = new AtomicInteger();
                sendAll(producer, stored);
                final Collected collected = new Collected();
                assertThat(collected.pollUntil(consumer, c -> c.size() >= TOPICS * PER_TOPIC, WAIT))
                    .as("every record of every topic delivered (got %d)", collected.size()).isTrue();
                assertThat(collected.byPartition()).hasSize(TOPICS);
                assertThat(collected.byPartition().values()).allMatch(p -> Collected.consecutive(p, 0));
                assertThat(producer.flush(WAIT)).as("every record acknowledged").isTrue();
                assertThat(stored.get()).isEqualTo(TOPICS * PER_TOPIC);
            }
        }
    }

    private static void sendAll(final ProducerNode producer, final AtomicInteger stored)
    {
        final SendListener listener = new SendListener()
        {
            @Override
            public void onStored(final String partition, final long sequence)
            {
                stored.incrementAndGet();
            }
        };
        for (int i = 0; i < PER_TOPIC; i++)
        {
            for (int topic = 0; topic < TOPICS; topic++)
            {
                producer.send(topic(topic), ("r" + i).getBytes(StandardCharsets.UTF_8), listener);
            }
        }
    }

    private static String topic(final int index)
    {
        return String.format("topic-%04d", index);
    }

    private DafkaConfig config(final Object... overrides)
    {
        final Object[] all = new Object[overrides.length + 2];
        all[0] = "producer.head_interval";
        all[1] = 200;
        System.arraycopy(overrides, 0, all, 2, overrides.length);
        return Loopback.nodeConfig(tower, all);
    }
}
