package io.dafka.system.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;

/**
 * One Kafka-API producer sends 3 records to each of 1 000 topics, with one {@code ./dafka store} daemon (the durable
 * store the failure was reported with), twice: without a consumer, then (new topics) with one Kafka-API consumer
 * subscribed to all of them before the producer starts. Every send must be acknowledged (a failed send of a stored
 * record makes a retrying application write duplicates) and, in the second run, every record delivered.
 *
 * <p>Issue 10 item 5: 1 000 partitions put 2 000 subscriptions on the producer's SUB (ACK and FETCH per
 * partition) and 2 000 on the consumer's (RECORD and HEAD per topic); ZeroMQ dropped those beyond the SUB's send
 * HWM, so the store's ACKs of most partitions never reached the producer.
 */
public final class ManyTopicsScenario implements Scenario
{
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int TOPICS = 1_000;
    private static final int PER_TOPIC = 3;

    @Override
    public String name()
    {
        return "many-topics";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        try (ScratchDirectory root = new ScratchDirectory("dafka-many-topics"); TowerNode tower = Loopback.startTower();
            StoreDaemon store = StoreDaemon.launch(root.resolve("store"), tower))
        {
            store.awaitReady();
            final Run alone = send(tower, "alone");
            final Map<String, DeliveryAudit> audits = new HashMap<>();
            final Run watched;
            try (Consumer<Long, Long> consumer = KafkaClientFactory.consumer(KafkaSettings.consumer(
                tower.subEndpoint(), tower.pubEndpoint(), "many-topics", root.resolve("offsets").toString())))
            {
                final List<String> topics = topics("watched");
                topics.forEach(topic -> audits.put(topic, new DeliveryAudit(PER_TOPIC)));
                consumer.subscribe(topics); // the 2 000 subscriptions exist before the producer appears
                watched = send(tower, "watched"); // the consumer's engine reads meanwhile; poll() comes after
                KafkaDrain.into(record -> audit(audits, record), consumer,
                    () -> audits.values().stream().allMatch(DeliveryAudit::complete), WAIT);
            }
            long delivered = 0;
            long lost = 0;
            long duplicated = 0;
            long reordered = 0;
            for (final DeliveryAudit audit : audits.values())
            {
                final Figure one = audit.figure(name(), Duration.ZERO);
                delivered += one.delivered();
                lost += one.lost();
                duplicated += one.duplicated();
                reordered += one.reordered();
            }
            final long sent = (long)TOPICS * PER_TOPIC;
            return new Figure(name(), sent, delivered, lost, duplicated, reordered, watched.elapsed, "", null)
                .withDetail(String.format("%d topics x %d records, 1 store daemon; without consumer: %s; with a " +
                    "consumer of every topic: %s", TOPICS, PER_TOPIC, alone, watched))
                .withProblemIf(alone.failed != 0, alone.failed + " sends failed without a consumer, a store running")
                .withProblemIf(watched.failed != 0, watched.failed + " sends failed with a consumer, a store running")
                .withProblemIf(alone.acked != sent, (sent - alone.acked) + " sends not acknowledged without a consumer")
                .withProblemIf(watched.acked != sent, (sent - watched.acked) + " sends not acknowledged with a consumer");
        }
    }

    /**
     * Sends 3 records to each topic of {@code prefix} and flushes (which returns once every send completed, each
     * bounded by {@code delivery.timeout.ms}), counting the callbacks.
     */
    private static Run send(final TowerNode tower, final String prefix)
    {
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong timedOut = new AtomicLong();
        final long start = System.nanoTime();
        try (Producer<Long, Long> producer = KafkaClientFactory.producer(KafkaSettings.producer(tower.subEndpoint(),
            tower.pubEndpoint())))
        {
            final List<String> topics = topics(prefix);
            for (int i = 0; i < PER_TOPIC; i++)
            {
                for (final String topic : topics)
                {
                    producer.send(new ProducerRecord<>(topic, (long)i), (metadata, error) ->
                    {
                        if (error == null)
                        {
                            acked.incrementAndGet();
                            return;
                        }
                        failed.incrementAndGet();
                        if (error instanceof org.apache.kafka.common.errors.TimeoutException)
                        {
                            timedOut.incrementAndGet();
                        }
                    });
                }
            }
            producer.flush();
        }
        return new Run(acked.get(), failed.get(), timedOut.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static void audit(final Map<String, DeliveryAudit> audits, final ConsumerRecord<Long, Long> record)
    {
        final DeliveryAudit audit = audits.get(record.topic());
        if (audit != null)
        {
            audit.received(record.value());
        }
    }

    private static List<String> topics(final String prefix)
    {
        final List<String> topics = new ArrayList<>(TOPICS);
        for (int i = 0; i < TOPICS; i++)
        {
            topics.add(String.format("many-%s-%04d", prefix, i));
        }
        return topics;
    }

    /** What one producer run counted from its send callbacks. */
    private record Run(long acked, long failed, long timedOut, Duration elapsed)
    {
        @Override
        public String toString()
        {
            return String.format("acked=%d failed=%d (timeouts %d) in %d ms", acked, failed, timedOut,
                elapsed.toMillis());
        }
    }
}
