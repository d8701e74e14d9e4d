package io.dafka.system.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;

/**
 * {@code peer-churn}: a tower and a store daemon, each in its own JVM, while short-lived producers and consumers
 * join the mesh and leave it (1 000 at long scale, 200 quick; four at a time), twice. Once the churned peers' beacons
 * have expired, the tower and the store must hold after the second churn what they held after the first (which
 * grew the heap to its working size): the same file descriptors (a few of slack), the same threads, and no more
 * than a bounded growth of resident memory; anything a leaving peer leaves behind grows with every churn. The figure reports the
 * usage of both before, right after and settled.
 */
public final class PeerChurnScenario implements Scenario
{
    private static final int PARALLEL = 4;
    private static final int FD_SLACK = 8;
    private static final long RSS_SLACK_KIB = 64 * 1024;
    /** Beacon timeout (3 s) of every peer, plus time for the sockets to close, on a busy machine. */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Override
    public String name()
    {
        return "peer-churn";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int peers = scale.records(200, 1_000);
        try (ScratchDirectory directory = new ScratchDirectory("dafka-peer-churn");
            TowerDaemon tower = TowerDaemon.start())
        {
            final String sub = tower.sub();
            final String pub = tower.pub();
            try (StoreDaemon store = StoreDaemon.launch(directory.resolve("store"), sub, pub))
            {
                store.awaitReady();
                final long towerPid = tower.pid();
                final long storePid = store.process().pid();
                final DafkaConfig config = DafkaConfig.of(java.util.Map.of("beacon.address", "127.0.0.1",
                    "beacon.sub_address", sub, "beacon.pub_address", pub, "beacon.interval", 100,
                    "beacon.timeout", 3000, "beacon.ready_timeout", 30_000));

                final ProcessUsage towerIdle = ProcessUsage.of(towerPid);
                final ProcessUsage storeIdle = ProcessUsage.of(storePid);
                churn(config, peers); // warm-up of the same size: JIT, pools, the heap grown to its working size
                final ProcessUsage towerBefore = settled(towerPid, towerIdle);
                final ProcessUsage storeBefore = settled(storePid, storeIdle);

                final long start = System.nanoTime();
                churn(config, peers);
                final Duration took = Duration.ofNanos(System.nanoTime() - start);
                final ProcessUsage towerPeak = ProcessUsage.of(towerPid);
                final ProcessUsage storePeak = ProcessUsage.of(storePid);
                final ProcessUsage towerAfter = settled(towerPid, towerBefore);
                final ProcessUsage storeAfter = settled(storePid, storeBefore);

                final String detail = peers + " peers joined and left in " + took.toMillis() + " ms (" + PARALLEL +
                    " at a time); tower before " + towerBefore + ", right after " + towerPeak + ", settled " +
                    towerAfter + "; store before " + storeBefore + ", right after " + storePeak + ", settled " +
                    storeAfter;
                return new Figure(name(), 0, 0, 0, 0, 0, took, detail, null)
                    .withProblemIf(grew(towerBefore, towerAfter), "the tower kept resources after the churn")
                    .withProblemIf(grew(storeBefore, storeAfter), "the store kept resources after the churn");
            }
        }
    }

    /** Whether {@code after} holds more than {@code before} beyond the slack of a live process. */
    private static boolean grew(final ProcessUsage before, final ProcessUsage after)
    {
        return grew(before, after, RSS_SLACK_KIB);
    }

    private static boolean grew(final ProcessUsage before, final ProcessUsage after, final long rssSlackKib)
    {
        return after.fds() > before.fds() + FD_SLACK || after.threads() > before.threads() ||
            after.rssKib() - before.rssKib() > rssSlackKib;
    }

    /** {@code count} peers, half producers and half consumers, each joining the mesh and leaving it. */
    private static void churn(final DafkaConfig config, final int count) throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try
        {
            final List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                final boolean producer = i % 2 == 0;
                done.add(pool.submit(() ->
                {
                    if (producer)
                    {
                        ProducerNode.start(config).close(Duration.ZERO);
                    }
                    else
                    {
                        try (ConsumerNode consumer = ConsumerNode.start(config))
                        {
                            consumer.subscribe("peer-churn");
                        }
                    }
                    return null;
                }));
            }
            for (final Future<?> peer : done)
            {
                peer.get();
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /**
     * The usage of {@code pid} once the churned peers' beacons have expired: when its descriptors and threads are
     * back within the slack of {@code baseline}, or after {@link #SETTLE} (then it kept them, which the caller
     * reports).
     */
    private static ProcessUsage settled(final long pid, final ProcessUsage baseline) throws IOException
    {
        try
        {
            return Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(250))
                .until(() -> ProcessUsage.of(pid), now -> !grew(baseline, now, Long.MAX_VALUE));
        }
        catch (final ConditionTimeoutException kept)
        {
            return ProcessUsage.of(pid);
        }
    }
}
