package io.dafka.system.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;

/**
 * Anti-entropy between two {@code ./dafka store} daemons A and B, with no producer alive. One producer streams
 * {@value #TOPICS} topics; B is killed with SIGKILL mid-stream (once A holds everything sent so far); the producer
 * finishes once A ACKed everything and closes. Then:
 * <ol>
 *   <li>B restarts on its directory and must converge to every full partition (watched through its own STORE-HEADS
 *       summaries); proof: A is killed and a late {@code earliest} consumer reads every record from B alone;</li>
 *   <li>B is killed, its directory deleted, and A and B start again: B must rebuild every partition from A; same
 *       proof.</li>
 * </ol>
 * The figure adds up both proofs; the convergence time is that of the restart, the rebuild's is in the detail. A
 * partition B does not hold in full by the deadline is a problem, naming the records missing.
 */
public final class StoreConvergeScenario implements Scenario
{
    private static final int TOPICS = 3;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration CONVERGE_DEADLINE = Duration.ofSeconds(120);
    private static final int WINDOW = 2_000;
    private static final int CHECK_EVERY = 500;

    @Override
    public String name()
    {
        return "store-converge";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int perTopic = scale.records(2_500, 200_000);
        final List<String> topics = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++)
        {
            topics.add("store-converge-" + i);
        }
        final List<StoreDaemon> daemons = new ArrayList<>();
        try (ScratchDirectory root = new ScratchDirectory("dafka-store-converge");
            TowerNode tower = Loopback.startTower();
            AutoCloseable stopStores = () -> daemons.forEach(StoreDaemon::close))
        {
            final StoreDaemon a = StoreDaemon.launch(root.resolve("store-a"), tower);
            daemons.add(a);
            final StoreDaemon b = StoreDaemon.launch(root.resolve("store-b"), tower);
            daemons.add(b);
            a.awaitReady();
            b.awaitReady();

            final Map<String, String> partitions = new LinkedHashMap<>();
            final long heldAtKill = produceKillingB(tower, topics, perTopic, a, b, partitions);

            // 1. B restarts with no producer alive and converges from A.
            b.launch();
            b.awaitReady();
            final Convergence restart = awaitConvergence(b, partitions, perTopic);
            a.kill();
            final List<DeliveryAudit> restartAudits = readAll(tower, topics, perTopic);

            // 2. B loses its directory and rebuilds from A.
            b.kill();
            deleteDirectory(b.directory());
            a.launch();
            a.awaitReady();
            b.launch();
            b.awaitReady();
            final Convergence rebuild = awaitConvergence(b, partitions, perTopic);
            a.kill();
            final List<DeliveryAudit> rebuildAudits = readAll(tower, topics, perTopic);

            final List<DeliveryAudit> audits = new ArrayList<>(restartAudits);
            audits.addAll(rebuildAudits);
            return sum(audits, restart.elapsed)
                .withDetail(String.format("topics=%d, records each=%d, B held at kill=%d, restart converged in %d ms,"
                        + " wiped B rebuilt in %d ms, each proven by reading B alone", TOPICS, perTopic, heldAtKill,
                    restart.elapsed.toMillis(), rebuild.elapsed.toMillis()))
                .withProblemIf(heldAtKill <= 0 || heldAtKill >= (long)TOPICS * perTopic,
                    "B was not killed mid-stream (it held " + heldAtKill + " records)")
                .withProblemIf(restart.missing != 0,
                    "restarted B still misses " + restart.missing + " records after " + CONVERGE_DEADLINE)
                .withProblemIf(rebuild.missing != 0,
                    "wiped B still misses " + rebuild.missing + " records after " + CONVERGE_DEADLINE);
        }
    }

    /**
     * Sends {@code perTopic} records to each topic; half-way, pauses until A holds everything sent
     * so far and kills B; returns once every record was ACKed (by A) and the producer closed. The pause makes sure
     * that no record was ACKed by B alone: with {@code acks=1} such a record can only come back from B, so A
     * could not ACK what follows it before B restarts. Fills {@code partitions} with each topic's partition.
     *
     * @return how many records B held when it was killed, by its own summary
     */
    private static long produceKillingB(final TowerNode tower, final List<String> topics, final int perTopic,
        final StoreDaemon a, final StoreDaemon b, final Map<String, String> partitions) throws InterruptedException
    {
        final Map<String, AckedSequences> acked = new LinkedHashMap<>();
        topics.forEach(topic -> acked.put(topic, new AckedSequences()));
        long heldAtKill = -1;
        final ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.head_interval", 200));
        try
        {
            for (int sequence = 0; sequence < perTopic; sequence++)
            {
                for (final String topic : topics)
                {
                    producer.send(topic, Payloads.of(sequence), acked.get(topic));
                }
                if (sequence % CHECK_EVERY != CHECK_EVERY - 1)
                {
                    continue;
                }
                if (heldAtKill < 0 && sequence + 1 >= perTopic / 2)
                {
                    topics.forEach(topic -> partitions.put(topic, producer.partitionAddress(topic)));
                    awaitHolding(a, partitions, sequence + 1L);
                    heldAtKill = held(b, partitions);
                    b.kill();
                }
                final long mustBeAcked = sequence + 1L - WINDOW;
                Waits.until(() -> minimum(acked) >= mustBeAcked, "ACKs keep up with the producer", WAIT);
            }
            if (!producer.flush(WAIT))
            {
                throw new AssertionError("store A did not ACK every record within " + WAIT + "; ACKed per topic: " +
                    acked.values().stream().map(AckedSequences::count).toList());
            }
        }
        finally
        {
            producer.close(Duration.ZERO);
        }
        return heldAtKill;
    }

    /** Waits until {@code store} holds {@code 0..count-1} of every partition, by its summaries. */
    private static void awaitHolding(final StoreDaemon store, final Map<String, String> partitions, final long count)
    {
        try (StoreHoldings holdings = new StoreHoldings(store.readerEndpoint()))
        {
            Waits.until(() -> missing(holdings.read(Duration.ofSeconds(1)), partitions, count) == 0,
                "store A holds everything sent before B is killed", WAIT);
        }
    }

    /** How many records {@code store} holds, by its summary (retried until one arrives). */
    private static long held(final StoreDaemon store, final Map<String, String> partitions)
    {
        try (StoreHoldings holdings = new StoreHoldings(store.readerEndpoint()))
        {
            final long deadline = System.nanoTime() + WAIT.toNanos();
            Map<String, long[]> held = holdings.read(Duration.ofSeconds(1));
            while (held.isEmpty() && System.nanoTime() < deadline)
            {
                held = holdings.read(Duration.ofSeconds(1));
            }
            return held.values().stream().mapToLong(range -> range[1] - range[0] + 1).sum();
        }
    }

    /** Records of {@code 0..count-1} of each partition that a summary does not show. */
    private static long missing(final Map<String, long[]> held, final Map<String, String> partitions,
        final long count)
    {
        long missing = 0;
        for (final Map.Entry<String, String> partition : partitions.entrySet())
        {
            final long[] range = held.get(partition.getKey() + "/" + partition.getValue());
            missing += range == null ? count : range[0] + Math.max(0, count - 1 - range[1]);
        }
        return missing;
    }

    private static long minimum(final Map<String, AckedSequences> acked)
    {
        return acked.values().stream().mapToLong(AckedSequences::count).min().orElse(0);
    }

    /** Time taken and records still missing when B held every partition in full, or at the deadline. */
    private record Convergence(Duration elapsed, long missing)
    {
    }

    /** Watches B's summaries from its start until it holds {@code 0..perTopic-1} of every partition. */
    private static Convergence awaitConvergence(final StoreDaemon store, final Map<String, String> partitions,
        final int perTopic)
    {
        final long start = System.nanoTime();
        final long deadline = start + CONVERGE_DEADLINE.toNanos();
        try (StoreHoldings holdings = new StoreHoldings(store.readerEndpoint()))
        {
            long missing;
            do
            {
                missing = missing(holdings.read(Duration.ofSeconds(1)), partitions, perTopic);
            }
            while (missing > 0 && System.nanoTime() < deadline);
            return new Convergence(Duration.ofNanos(System.nanoTime() - start), missing);
        }
    }

    /** A late {@code earliest} consumer reads every topic: one audit per topic. */
    private static List<DeliveryAudit> readAll(final TowerNode tower, final List<String> topics, final int perTopic)
    {
        final Map<String, DeliveryAudit> audits = new LinkedHashMap<>();
        topics.forEach(topic -> audits.put(topic, new DeliveryAudit(perTopic)));
        try (ConsumerNode late = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest")))
        {
            topics.forEach(late::subscribe);
            final List<ConsumedRecord> batch = new ArrayList<>();
            final long deadline = System.nanoTime() + WAIT.plusMillis(perTopic / 10).toNanos();
            while (!audits.values().stream().allMatch(DeliveryAudit::complete) && System.nanoTime() < deadline)
            {
                poll(late, batch, audits);
            }
            final long quietEnd = System.nanoTime() + Drain.QUIET.toNanos();
            while (System.nanoTime() < quietEnd)
            {
                poll(late, batch, audits);
            }
        }
        return List.copyOf(audits.values());
    }

    private static void poll(final ConsumerNode consumer, final List<ConsumedRecord> batch,
        final Map<String, DeliveryAudit> audits)
    {
        batch.clear();
        consumer.poll(batch, 10_000, Duration.ofMillis(50));
        for (final ConsumedRecord record : batch)
        {
            audits.get(record.topic()).received(Payloads.sequence(record.content()));
        }
    }

    private static Figure sum(final List<DeliveryAudit> audits, final Duration converge)
    {
        long sent = 0;
        long delivered = 0;
        long lost = 0;
        long duplicated = 0;
        long reordered = 0;
        for (final DeliveryAudit audit : audits)
        {
            final Figure figure = audit.figure("", Duration.ZERO);
            sent += figure.sent();
            delivered += figure.delivered();
            lost += figure.lost();
            duplicated += figure.duplicated();
            reordered += figure.reordered();
        }
        return new Figure("store-converge", sent, delivered, lost, duplicated, reordered, converge, "", null);
    }

    private static void deleteDirectory(final Path directory) throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
