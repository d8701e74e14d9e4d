package io.dafka.system.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;

import io.dafka.discovery.TowerNode;
import io.dafka.kafka.DafkaProducer;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;

/**
 * {@code acks=all} with {@code dafka.min.stores=2} against three {@code ./dafka store} daemons.
 * <ol>
 * <li>Two stores down (one up): every send fails with Kafka's NotEnoughReplicas* exception, and none before
 * {@code delivery.timeout.ms}.</li>
 * <li>Two stores up: records are sent and every ACK awaited, then one of the two is killed with SIGKILL; a late
 * {@code earliest} consumer must get every ACKed record from the survivor, once and in order. Run twice, killing
 * the first store of the pair in one round and the second in the other.</li>
 * </ol>
 * Any ACKed record not delivered is a problem, as is a send of phase 1 that succeeds, fails otherwise or early.
 */
public final class AcksAllScenario implements Scenario
{
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Short, so phase 1 is quick; long enough for stores to ACK on a loaded machine in phase 2. */
    private static final int DELIVERY_TIMEOUT_MS = 3_000;
    private static final int REFUSED = 20;

    @Override
    public String name()
    {
        return "acks-all";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int perRound = scale.records(2_500, 200_000);
        final List<StoreDaemon> daemons = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final StringBuilder detail = new StringBuilder();
        try (ScratchDirectory root = new ScratchDirectory("dafka-acks-all"); TowerNode tower = Loopback.startTower();
            AutoCloseable stopStores = () -> daemons.forEach(StoreDaemon::close))
        {
            for (int i = 0; i < 3; i++)
            {
                daemons.add(StoreDaemon.launch(root.resolve("store-" + i), tower));
            }
            for (final StoreDaemon daemon : daemons)
            {
                daemon.awaitReady();
            }

            // Phase 1: stores 1 and 2 down, store 0 up.
            daemons.get(1).kill();
            daemons.get(2).kill();
            detail.append(refusedWithOneStore(tower, problems));

            // Phase 2: the pair (0, 1), store 0 killed; then the pair (1, 0 restarted), store 1 killed.
            daemons.get(1).launch();
            daemons.get(1).awaitReady();
            final DeliveryAudit first = new DeliveryAudit(perRound);
            final long ackedFirst = sendAckedThenKill(tower, "acks-all-1", perRound, daemons.get(0), problems);
            consumeLate(tower, root, "acks-all-1", first);

            daemons.get(0).launch();
            daemons.get(0).awaitReady();
            final DeliveryAudit second = new DeliveryAudit(perRound);
            final long ackedSecond = sendAckedThenKill(tower, "acks-all-2", perRound, daemons.get(1), problems);
            consumeLate(tower, root, "acks-all-2", second);

            final Figure a = first.figure(name(), Duration.ZERO);
            final Figure b = second.figure(name(), Duration.ZERO);
            detail.append(String.format(", acked=%d+%d of %d+%d, delivered after kill of first store=%d, of second=%d",
                ackedFirst, ackedSecond, perRound, perRound, first.seen().cardinality(),
                second.seen().cardinality()));
            Figure figure = new Figure(name(), a.sent() + b.sent(), a.delivered() + b.delivered(),
                a.lost() + b.lost(), a.duplicated() + b.duplicated(), a.reordered() + b.reordered(), Duration.ZERO,
                detail.toString(), null);
            figure = figure.withProblemIf(a.lost() + b.lost() > 0, (a.lost() + b.lost()) + " ACKed records lost");
            for (final String problem : problems)
            {
                figure = figure.withProblemIf(true, problem);
            }
            return figure;
        }
    }

    /** Phase 1: every send fails with NotEnoughReplicas*, not before the delivery timeout. */
    private static String refusedWithOneStore(final TowerNode tower, final List<String> problems) throws Exception
    {
        int refused = 0;
        long earliestMs = Long.MAX_VALUE;
        try (DafkaProducer<Long, Long> producer = new DafkaProducer<>(settings(tower)))
        {
            final List<Future<RecordMetadata>> futures = new ArrayList<>();
            final long start = System.nanoTime();
            for (long i = 0; i < REFUSED; i++)
            {
                futures.add(producer.send(new ProducerRecord<>("acks-all-refused", i, i)));
            }
            for (final Future<RecordMetadata> future : futures)
            {
                try
                {
                    future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    problems.add("a send succeeded with one store up");
                }
                catch (final ExecutionException e)
                {
                    final long failedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    earliestMs = Math.min(earliestMs, failedAfter);
                    if (e.getCause() instanceof NotEnoughReplicasException
                        || e.getCause() instanceof NotEnoughReplicasAfterAppendException)
                    {
                        refused++;
                    }
                    else
                    {
                        problems.add("a send failed with " + e.getCause());
                    }
                }
            }
            producer.close(Duration.ZERO);
        }
        if (earliestMs < DELIVERY_TIMEOUT_MS)
        {
            problems.add("a send failed after " + earliestMs + " ms, before delivery.timeout.ms");
        }
        return String.format("one store up: %d/%d refused with NotEnoughReplicas*, first after %d ms (timeout %d ms)",
            refused, REFUSED, earliestMs, DELIVERY_TIMEOUT_MS);
    }

    /** Sends {@code count} records, waits for every ACK (2 stores), then kills {@code victim}; returns the ACKed. */
    private static long sendAckedThenKill(final TowerNode tower, final String topic, final int count,
        final StoreDaemon victim, final List<String> problems) throws Exception
    {
        long acked = 0;
        final Map<String, Object> settings = settings(tower);
        settings.put("delivery.timeout.ms", (int)WAIT.toMillis());
        try (DafkaProducer<Long, Long> producer = new DafkaProducer<>(settings))
        {
            final List<Future<RecordMetadata>> futures = new ArrayList<>(count);
            for (long i = 0; i < count; i++)
            {
                futures.add(producer.send(new ProducerRecord<>(topic, i, i)));
            }
            for (final Future<RecordMetadata> future : futures)
            {
                try
                {
                    future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    acked++;
                }
                catch (final ExecutionException e)
                {
                    problems.add(topic + ": a send with two stores up failed: " + e.getCause());
                    break;
                }
            }
            victim.kill();
            producer.close(Duration.ZERO);
        }
        return acked;
    }

    private static void consumeLate(final TowerNode tower, final ScratchDirectory root, final String topic,
        final DeliveryAudit audit)
    {
        try (Consumer<Long, Long> late = KafkaClientFactory.consumer(KafkaSettings.consumer(tower.subEndpoint(),
            tower.pubEndpoint(), "late-" + topic, root.resolve("offsets").toString())))
        {
            late.subscribe(List.of(topic));
            KafkaDrain.into(record -> audit.received(record.value()), late, audit::complete, WAIT);
        }
    }

    private static Map<String, Object> settings(final TowerNode tower)
    {
        final Map<String, Object> settings = KafkaSettings.producer(tower.subEndpoint(), tower.pubEndpoint());
        settings.put("acks", "all");
        settings.put("dafka.min.stores", 2);
        settings.put("delivery.timeout.ms", DELIVERY_TIMEOUT_MS);
        settings.put("request.timeout.ms", 100);
        settings.put("linger.ms", 0);
        return settings;
    }
}
