package io.dafka.system.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.LongSerializer;

import io.dafka.codec.Head;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.kafka.RecordEnvelope;
import io.dafka.producer.ProducerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.ChildJvm;
import io.dafka.testing.Loopback;
import io.dafka.testing.TestPeer;

/**
 * Issue 10 item 6, the consumer side. (a) A Kafka-API producer (child JVM) sends, is stopped, and is started again
 * with the same identity inputs (properties, {@code client.id}, host, topic) and sends more: a live consumer and a
 * late {@code earliest} consumer must receive every record of both incarnations, because each incarnation's
 * partition address is a fresh random UUID. (b) A raw peer re-uses a live partition's address and starts again at
 * sequence 0 (RECORDs and a HEAD): the consumer must count the regression and log a warning, never drop silently.
 */
public final class ProducerRestartScenario implements Scenario
{
    private static final String TOPIC = "producer-restart";
    private static final String REUSED_TOPIC = "producer-restart-reused";
    private static final String CLIENT_ID = "producer-restart";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int REUSED_LIVE = 20;
    private static final int REUSED_AGAIN = 10;

    @Override
    public String name()
    {
        return "producer-restart";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int count = scale.records(5_000, 200_000);
        try (ScratchDirectory root = new ScratchDirectory("dafka-producer-restart");
            TowerNode tower = Loopback.startTower();
            InMemoryRecordStore records = new InMemoryRecordStore();
            StoreNode store = StoreNode.start(Loopback.nodeConfig(tower), records))
        {
            final long start = System.nanoTime();
            final Restarted restarted = restartProducer(tower, root, count);
            final Reused reused = reuseLiveAddress(tower, root);
            return new Figure(name(), restarted.sent, restarted.delivered, restarted.lost, restarted.duplicated,
                restarted.reordered, Duration.ofNanos(System.nanoTime() - start), "", null)
                .withDetail(restarted.detail + "; " + reused.detail)
                .withProblemIf(!restarted.acked.equals(List.of("ACKED " + count + " FAILED 0",
                    "ACKED " + count + " FAILED 0")), "the incarnations reported " + restarted.acked)
                .withProblemIf(restarted.partitions.size() != 2,
                    "the two incarnations did not get two partitions: " + restarted.partitions)
                .withProblemIf(restarted.regressions != 0,
                    restarted.regressions + " sequence regressions reported for fresh incarnations")
                .withProblemIf(reused.regressions <= 0, "a re-used address going back was not counted")
                .withProblemIf(!reused.warned, "a re-used address going back was not logged")
                .withProblemIf(reused.total != REUSED_LIVE,
                    "the consumer of the re-used address delivered " + reused.total + " instead of " + REUSED_LIVE);
        }
    }

    /** Part (a): two incarnations with the same identity inputs, a live and a late consumer. */
    private static Restarted restartProducer(final TowerNode tower, final ScratchDirectory root, final int count)
        throws Exception
    {
        final DeliveryAudit[] live = {new DeliveryAudit(count), new DeliveryAudit(count)};
        final DeliveryAudit[] late = {new DeliveryAudit(count), new DeliveryAudit(count)};
        final Set<Integer> partitions = new TreeSet<>();
        final List<String> acked = new java.util.ArrayList<>();
        long regressions;
        try (Consumer<Long, Long> liveConsumer = KafkaClientFactory.consumer(KafkaSettings.consumer(
            tower.subEndpoint(), tower.pubEndpoint(), "live", root.resolve("offsets").toString())))
        {
            liveConsumer.subscribe(List.of(TOPIC));
            for (int incarnation = 0; incarnation < 2; incarnation++)
            {
                try (ChildJvm producer = ChildJvm.start(IncarnationProducerProcess.class, tower.subEndpoint(),
                    tower.pubEndpoint(), TOPIC, CLIENT_ID, Long.toString((long)incarnation * count),
                    Integer.toString(count)))
                {
                    acked.add(producer.awaitLine("ACKED ", WAIT.plusMillis(count / 10)));
                    final DeliveryAudit audit = live[incarnation];
                    KafkaDrain.into(record -> audit(live, count, record, partitions), liveConsumer, audit::complete,
                        WAIT);
                    producer.send("stop");
                    producer.awaitLine("STOPPED", WAIT);
                }
            }
            regressions = RegressionWatchProcess.regressions(liveConsumer);
        }
        try (Consumer<Long, Long> lateConsumer = KafkaClientFactory.consumer(KafkaSettings.consumer(
            tower.subEndpoint(), tower.pubEndpoint(), "late", root.resolve("offsets").toString())))
        {
            lateConsumer.subscribe(List.of(TOPIC));
            KafkaDrain.into(record -> audit(late, count, record, partitions), lateConsumer,
                () -> late[0].complete() && late[1].complete(), WAIT);
            regressions += RegressionWatchProcess.regressions(lateConsumer);
        }
        final Restarted result = new Restarted(acked, partitions, regressions);
        for (final DeliveryAudit audit : List.of(live[0], live[1], late[0], late[1]))
        {
            result.add(audit.figure("", Duration.ZERO));
        }
        result.detail = String.format("(a) 2 incarnations x %d records, same client.id/host/topic: partitions %s, " +
            "live and late consumer each got %d+%d and %d+%d, regressions %d", count, partitions,
            live[0].delivered(), live[1].delivered(), late[0].delivered(), late[1].delivered(), regressions);
        return result;
    }

    private static void audit(final DeliveryAudit[] audits, final int count, final ConsumerRecord<Long, Long> record,
        final Set<Integer> partitions)
    {
        final long value = record.value();
        audits[(int)(value / count)].received(value % count);
        partitions.add(record.partition());
    }

    /**
     * Part (b): a live producer's partition, a consumer (child JVM, to read its log) that delivered it, then a raw
     * peer that publishes RECORDs 0.. and a HEAD under the same address.
     */
    private static Reused reuseLiveAddress(final TowerNode tower, final ScratchDirectory root) throws Exception
    {
        try (ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.head_interval", 200));
            ChildJvm consumer = ChildJvm.start(RegressionWatchProcess.class, tower.subEndpoint(), tower.pubEndpoint(),
                REUSED_TOPIC, root.resolve("watch-offsets").toString());
            TestPeer impostor = new TestPeer(Loopback.nodeConfig(tower)))
        {
            final LongSerializer values = new LongSerializer();
            for (long value = 0; value < REUSED_LIVE; value++)
            {
                producer.send(REUSED_TOPIC, envelope(values, value));
            }
            consumer.awaitLine("DELIVERED " + REUSED_LIVE, WAIT);
            final String address = producer.partitionAddress(REUSED_TOPIC);
            awaitSubscribed(impostor);
            for (long sequence = 0; sequence < REUSED_AGAIN; sequence++)
            {
                impostor.send(new Record().set(REUSED_TOPIC, address, REUSED_TOPIC, sequence,
                    envelope(values, 1000 + sequence)));
            }
            impostor.send(new Head().set(REUSED_TOPIC, address, REUSED_TOPIC, REUSED_AGAIN - 1));
            final String counted = consumer.awaitLine("REGRESSIONS ", WAIT);
            consumer.send("stop");
            final String total = consumer.awaitLine("TOTAL ", WAIT);
            if (consumer.waitFor(WAIT) < 0)
            {
                consumer.kill();
            }
            final boolean warned = consumer.allLines().stream()
                .anyMatch(line -> line.contains("WARN") && line.contains(address) && line.contains("went back"));
            final long regressions = Long.parseLong(counted.substring("REGRESSIONS ".length()));
            final long delivered = Long.parseLong(total.substring("TOTAL ".length()));
            return new Reused(regressions, warned, delivered, String.format("(b) a raw peer re-used a live address " +
                "with %d records + HEAD %d below delivered %d: regressions %d, warning logged %s, delivered %d",
                REUSED_AGAIN, REUSED_AGAIN - 1, REUSED_LIVE - 1, regressions, warned ? "yes" : "no", delivered));
        }
    }

    /** Waits until the consumer's RECORD and HEAD subscriptions for the topic reached the impostor's XPUB. */
    private static void awaitSubscribed(final TestPeer impostor) throws InterruptedException
    {
        impostor.awaitSubscriptions(List.of(
            io.dafka.codec.SubscriptionNotice.exactSubscription(MessageType.RECORD, REUSED_TOPIC),
            io.dafka.codec.SubscriptionNotice.exactSubscription(MessageType.HEAD, REUSED_TOPIC)));
    }

    private static byte[] envelope(final LongSerializer values, final long value)
    {
        return RecordEnvelope.encode(System.currentTimeMillis(), null, values.serialize(REUSED_TOPIC, value),
            new org.apache.kafka.common.header.internals.RecordHeaders());
    }

    /** Counts of part (a). */
    private static final class Restarted
    {
        final List<String> acked;
        final Set<Integer> partitions;
        final long regressions;
        long sent;
        long delivered;
        long lost;
        long duplicated;
        long reordered;
        String detail;

        Restarted(final List<String> acked, final Set<Integer> partitions, final long regressions)
        {
            this.acked = acked;
            this.partitions = partitions;
            this.regressions = regressions;
        }

        void add(final Figure figure)
        {
            sent += figure.sent();
            delivered += figure.delivered();
            lost += figure.lost();
            duplicated += figure.duplicated();
            reordered += figure.reordered();
        }
    }

    private record Reused(long regressions, boolean warned, long total, String detail)
    {
    }
}
