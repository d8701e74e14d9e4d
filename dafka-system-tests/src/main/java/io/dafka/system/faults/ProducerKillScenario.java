package io.dafka.system.faults;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;

import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.ChildJvm;
import io.dafka.testing.Loopback;

/**
 * A producer in a child JVM sends through the Kafka API, reports that every record was ACKed, and is killed with
 * SIGKILL. Two late {@code earliest} consumers must then get every record from the two stores, once and in order.
 */
public final class ProducerKillScenario implements Scenario
{
    private static final String TOPIC = "producer-kill";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int CONSUMERS = 2;

    @Override
    public String name()
    {
        return "producer-kill-9";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int count = scale.records(20_000, 1_000_000);
        try (ScratchDirectory offsets = new ScratchDirectory("dafka-producer-kill");
            TowerNode tower = Loopback.startTower();
            InMemoryRecordStore firstRecords = new InMemoryRecordStore();
            StoreNode first = StoreNode.start(Loopback.nodeConfig(tower), firstRecords);
            InMemoryRecordStore secondRecords = new InMemoryRecordStore();
            StoreNode second = StoreNode.start(Loopback.nodeConfig(tower), secondRecords);
            ChildJvm producer = ChildJvm.start(AckingProducerProcess.class, tower.subEndpoint(), tower.pubEndpoint(),
                TOPIC, Integer.toString(count)))
        {
            final String acked = producer.awaitLine("ACKED ", WAIT.plusMillis(count / 10));
            producer.kill();
            final long killed = System.nanoTime();

            long sent = 0;
            long delivered = 0;
            long lost = 0;
            long duplicated = 0;
            long reordered = 0;
            for (int i = 0; i < CONSUMERS; i++)
            {
                final DeliveryAudit audit = new DeliveryAudit(count);
                try (Consumer<Long, Long> late = KafkaClientFactory.consumer(KafkaSettings.consumer(
                    tower.subEndpoint(), tower.pubEndpoint(), "late-" + i, offsets.resolve("offsets").toString())))
                {
                    late.subscribe(List.of(TOPIC));
                    KafkaDrain.into(record -> audit.received(record.value()), late, audit::complete,
                        WAIT.plusMillis(count / 10));
                }
                final Figure figure = audit.figure(name(), Duration.ZERO);
                sent += figure.sent();
                delivered += figure.delivered();
                lost += figure.lost();
                duplicated += figure.duplicated();
                reordered += figure.reordered();
            }
            return new Figure(name(), sent, delivered, lost, duplicated, reordered,
                Duration.ofNanos(System.nanoTime() - killed), "", null).withDetail(
                "producer reported " + acked.toLowerCase() + ", then SIGKILL; " + CONSUMERS + " late consumers x "
                    + count + " records from 2 stores")
                .withProblemIf(!acked.equals("ACKED " + count + " FAILED 0"), "the producer reported " + acked);
        }
    }
}
