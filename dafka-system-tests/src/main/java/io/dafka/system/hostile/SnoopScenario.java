package io.dafka.system.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;
import io.dafka.testing.Received;
import io.dafka.testing.SecureKeys;
import io.dafka.testing.TestPeer;
import io.dafka.transport.Metric;

/**
 * A passive eavesdropper: a raw peer that beacons to the tower, subscribes to everything and sends one FETCH for
 * every record of the partition, counting the live RECORDs and the FETCH answers (DIRECT-RECORDs) it gets.
 * <ul>
 *   <li>{@code snoop} (security off): the mesh is open by design, as C's: the snoop gets the live records streamed
 *   after it joined and the store's copy of every record. The figure reports how many.</li>
 *   <li>{@code snoop-secured} (CURVE on, docs/security.md): the snoop has a key pair of its own and even the mesh's
 *   server key pair, but its key is on no allow-list. It also connects straight to every data endpoint, as a
 *   scanner would. Every peer must refuse it (counted in {@link Metric#PEERS_REFUSED}), it must get 0 records and
 *   0 answers, and every genuine record must still be delivered, stored and ACKed to the producer.</li>
 * </ul>
 */
public final class SnoopScenario implements Scenario
{
    private static final String TOPIC = LoopbackCluster.TOPIC;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final boolean secured;

    public SnoopScenario(final boolean secured)
    {
        this.secured = secured;
    }

    @Override
    public String name()
    {
        return secured ? "snoop-secured" : "snoop";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final Path directory = Files.createTempDirectory("dafka-snoop");
        try
        {
            return run(scale, secured ? new SecureKeys(directory) : null);
        }
        finally
        {
            try (Stream<Path> files = Files.walk(directory))
            {
                files.sorted(Comparator.reverseOrder()).forEach(SnoopScenario::delete);
            }
        }
    }

    private Figure run(final Scale scale, final SecureKeys keys) throws Exception
    {
        final int total = scale.records(2_000, 200_000);
        try (LoopbackCluster cluster = keys == null ? LoopbackCluster.start(total) :
                LoopbackCluster.startSecured(total, keys))
        {
            cluster.streamAndAwait(total / 2);
            final Map<String, Long> refusedBefore = refused(cluster);
            final long joined = System.nanoTime();
            try (TestPeer snoop = keys == null ? new TestPeer(Loopback.nodeConfig(cluster.tower)) :
                    TestPeer.withoutWelcome(Loopback.nodeConfig(cluster.tower, keys.settings("snoop"))))
            {
                if (keys == null)
                {
                    // joined: the producer and the store reader heard of it, and it hears the producer's HEADs
                    snoop.awaitSubscriptions(List.of(SubscriptionNotice.subscription(MessageType.FETCH, ""),
                        SubscriptionNotice.subscription(MessageType.FETCH, cluster.partition())));
                    snoop.await(MessageType.HEAD);
                }
                else
                {
                    for (final String endpoint : List.of(cluster.producerEndpoint(), cluster.store.writerEndpoint(),
                        cluster.store.readerEndpoint(), cluster.consumer.endpoint()))
                    {
                        snoop.connect(endpoint);
                    }
                    awaitEveryPeerRefused(cluster, refusedBefore);
                }
                cluster.streamAndAwait(total);
                final long unacked = awaitAcknowledged(cluster);
                snoop.send(new Fetch().set(cluster.partition(), snoop.address(), TOPIC, 0, total));
                final Duration converge = Duration.ofNanos(System.nanoTime() - joined);
                final Map<MessageType, Long> got = collect(snoop, keys == null ? total : 0);
                final long live = got.getOrDefault(MessageType.RECORD, 0L);
                final long answers = got.getOrDefault(MessageType.DIRECT_RECORD, 0L);
                final Map<String, Long> refusedNow = refused(cluster);
                refusedNow.replaceAll((peer, count) -> count - refusedBefore.get(peer));
                final Figure figure = cluster.figure(name(), converge, String.format(
                    "unacked=%d snoop-live-records=%d snoop-fetch-answers=%d refused=%s", unacked, live, answers,
                    refusedNow)).withProblemIf(unacked > 0, unacked + " records never ACKed to the producer");
                return keys == null ? figure :
                    figure.withProblemIf(live + answers > 0, "the snoop got " + live + " live records and " +
                        answers + " FETCH answers");
            }
        }
    }

    /**
     * What the snoop received by type. With {@code expected} above 0 (the open mesh) it waits until the FETCH
     * answers reach it or stop; secured, whatever arrived by now (every genuine record was delivered and stored
     * after every peer had refused the snoop).
     */
    private static Map<MessageType, Long> collect(final TestPeer snoop, final long expected)
        throws InterruptedException
    {
        final Map<MessageType, Long> got = new LinkedHashMap<>();
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.getOrDefault(MessageType.DIRECT_RECORD, 0L) < expected && System.nanoTime() < deadline)
        {
            final Received next = snoop.next(1000);
            if (next == null)
            {
                break;
            }
            got.merge(next.type(), 1L, Long::sum);
        }
        for (Received next = snoop.next(0); next != null; next = snoop.next(0))
        {
            got.merge(next.type(), 1L, Long::sum);
        }
        return got;
    }

    /** Waits until the store ACKed every record to the producer; returns how many are still unacknowledged. */
    private static long awaitAcknowledged(final LoopbackCluster cluster)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (cluster.producer.unacknowledged() > 0 && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polls the producer until the deadline
        }
        return cluster.producer.unacknowledged();
    }

    private static void awaitEveryPeerRefused(final LoopbackCluster cluster, final Map<String, Long> before)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (true)
        {
            final Map<String, Long> now = refused(cluster);
            if (now.entrySet().stream().allMatch(peer -> peer.getValue() > before.get(peer.getKey())))
            {
                return;
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("not every peer refused the snoop: " + now);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polls the counters until the deadline
        }
    }

    private static Map<String, Long> refused(final LoopbackCluster cluster)
    {
        final Map<String, Long> refused = new LinkedHashMap<>();
        cluster.metricsByPeer().forEach((peer, metrics) -> refused.put(peer, metrics.get(Metric.PEERS_REFUSED)));
        return refused;
    }

    private static void delete(final Path path)
    {
        try
        {
            Files.delete(path);
        }
        catch (final IOException e)
        {
            // a temporary file left behind
        }
    }
}
