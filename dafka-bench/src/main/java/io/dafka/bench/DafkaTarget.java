package io.dafka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.dafka.kafka.KafkaClientFactory;

/**
 * Dafka on loopback with its tower and its durable stores (fsync per batch) each in a child JVM of its own
 * ({@link PeerProcess}), as Kafka's broker runs in one; producers use {@code acks=1}. One store runs unless a
 * workload asks for more ({@link #stores(int)}); a store JVM, once started, stays up with its store closed when
 * fewer are asked for, so that changing the number of stores between trials costs no JVM start (an idle store JVM
 * spends next to no CPU). Closing it stops them all and deletes their directory.
 */
final class DafkaTarget implements BenchTarget, AutoCloseable
{
    static final String DESCRIPTION = "acks=1, Dafka's defaults; tower and each durable store in a JVM of their "
        + "own, the store fsyncing per batch: an ACK means a store fsynced the record";

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(120);

    /** Store JVMs started with the tower: the most stores a workload but scaling runs (latency's ACK part). */
    private static final int STORE_JVMS = 2;

    private final Path directory;
    private final PeerProcess tower;
    private String towerSub;
    private String towerPub;
    private final List<PeerProcess> storeJvms = new ArrayList<>();
    private int open;
    private int opened;

    private DafkaTarget(final Path directory)
    {
        this.directory = directory;
        this.tower = PeerProcess.launch("Dafka tower", "tower");
        for (int i = 1; i <= STORE_JVMS; i++)
        {
            storeJvms.add(PeerProcess.launch("Dafka store " + i, "store"));
        }
    }

    /**
     * Launches the JVMs of a tower and of two stores, with a new temporary directory, and returns at once: the
     * caller may start Kafka's broker meanwhile, then calls {@link #awaitReady()}.
     */
    static DafkaTarget launch()
    {
        try
        {
            return new DafkaTarget(Files.createTempDirectory("dafka-bench-"));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the JVMs are up and opens one store. */
    void awaitReady()
    {
        final String[] endpoints = tower.ready();
        towerSub = endpoints[0];
        towerPub = endpoints[1];
        storeJvms.forEach(PeerProcess::awaitReady);
        stores(1);
    }

    /**
     * Opens or closes stores until {@code count} are open; a store opened again gets a new directory (no history to
     * catch up with).
     */
    void stores(final int count)
    {
        while (open < count)
        {
            if (storeJvms.size() == open)
            {
                storeJvms.add(PeerProcess.start("Dafka store " + (open + 1), "store"));
            }
            opened++;
            final PeerProcess store = storeJvms.get(open);
            store.send("open " + directory.resolve("store-" + opened) + " " + towerSub + " " + towerPub);
            store.awaitLine(PeerMain.OPENED, STORE_TIMEOUT);
            open++;
        }
        while (open > count)
        {
            final PeerProcess store = storeJvms.get(open - 1);
            store.send("close");
            store.awaitLine(PeerMain.CLOSED, STORE_TIMEOUT);
            open--;
        }
    }

    /** The tower's and every store JVM's process, for their CPU time. */
    List<PeerProcess> processes()
    {
        final List<PeerProcess> processes = new ArrayList<>(List.of(tower));
        processes.addAll(storeJvms);
        return processes;
    }

    @Override
    public String name()
    {
        return "Dafka";
    }

    @Override
    public Map<String, Object> clientConfig()
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(KafkaClientFactory.TRANSPORT_CONFIG, "dafka");
        settings.put("bootstrap.servers", "dafka://" + towerSub.substring("tcp://".length()));
        settings.put("dafka.tower.sub.endpoints", towerSub);
        settings.put("dafka.tower.pub.endpoints", towerPub);
        settings.put("dafka.beacon.interval.ms", 100);
        settings.put("dafka.producer.head.interval.ms", 200);
        settings.put("dafka.offsets.dir", directory.resolve("offsets").toString());
        return settings;
    }

    @Override
    public Map<String, Object> producerConfig()
    {
        return Map.of("acks", "1");
    }

    @Override
    public void close()
    {
        try
        {
            storeJvms.forEach(PeerProcess::close);
            tower.close();
        }
        finally
        {
            deleteTree(directory);
        }
    }

    @Override
    public String toString()
    {
        return "Dafka (" + tower + " at " + towerSub + ", " + storeJvms + " in " + directory + ")";
    }

    private static void deleteTree(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException e)
        {
            // best effort: a temporary directory
        }
    }
}
