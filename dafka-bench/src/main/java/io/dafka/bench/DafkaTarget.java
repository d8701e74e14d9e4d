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

import io.dafka.config.DafkaConfig;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.testing.SecureKeys;

/**
 * Dafka on loopback with its tower and its durable stores (fsync per batch) each in a child JVM of its own
 * ({@link PeerProcess}), as Kafka's broker runs in one; producers use {@code acks=1}. One store runs unless a
 * workload asks for more ({@link #stores(int)}); a store JVM, once started, stays up with its store closed when
 * fewer are asked for, so that changing the number of stores between trials costs no JVM start (an idle store JVM
 * spends next to no CPU). Closing it stops them all and deletes their directory.
 *
 * <p>{@link #launchSecured()} makes the same target with CURVE on every socket of the tower, the stores and the
 * clients (docs/security.md): a mesh of its own, with key pairs made at start in its directory, one server key pair
 * shared by all, and an allow-list holding the tower's, each store's and the clients' public keys (the bench's
 * clients share one key pair).
 */
final class DafkaTarget implements BenchTarget, AutoCloseable
{
    static final String DESCRIPTION = "acks=1, Dafka's defaults; tower and each durable store in a JVM of their "
        + "own, the store fsyncing per batch: an ACK means a store fsynced the record";

    static final String CURVE_DESCRIPTION = "Dafka's row with security.enabled on the tower, the stores and the "
        + "clients: CURVE on every socket (every frame encrypted, every client key checked against an allow-list), "
        + "a mesh and JVMs of its own";

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(120);

    /** Store JVMs started with the tower: the most stores a workload but scaling runs (latency's ACK part). */
    private static final int STORE_JVMS = 2;

    /** The node name of the bench's clients on the allow-list: every producer and consumer uses its key pair. */
    private static final String CLIENTS = "clients";

    private final String name;
    private final Path directory;
    private final SecureKeys keys;
    private final PeerProcess tower;
    private String towerSub;
    private String towerPub;
    private final List<PeerProcess> storeJvms = new ArrayList<>();
    private int open;
    private int opened;

    /** @param keys the mesh's key files with security on, or null for security off */
    private DafkaTarget(final String name, final Path directory, final SecureKeys keys)
    {
        this.name = name;
        this.directory = directory;
        this.keys = keys;
        this.tower = PeerProcess.launch(name + " tower", "tower", nodeSettings("tower"));
        for (int i = 1; i <= STORE_JVMS; i++)
        {
            storeJvms.add(PeerProcess.launch(name + " store " + i, "store", nodeSettings("store-" + i)));
        }
    }

    /**
     * Launches the JVMs of a tower and of two stores, with a new temporary directory, and returns at once: the
     * caller may start Kafka's broker meanwhile, then calls {@link #awaitReady()}.
     */
    static DafkaTarget launch()
    {
        return new DafkaTarget("Dafka", temporaryDirectory(), null);
    }

    /**
     * Like {@link #launch()}, with CURVE on: makes the key pairs and the allow-list in the new directory first.
     * Its name is {@code Dafka CURVE}.
     */
    static DafkaTarget launchSecured()
    {
        final Path directory = temporaryDirectory();
        try
        {
            final SecureKeys keys = new SecureKeys(Files.createDirectory(directory.resolve("keys")));
            keys.allow(CLIENTS);
            return new DafkaTarget("Dafka CURVE", directory, keys);
        }
        catch (final IOException e)
        {
            deleteTree(directory);
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory()
    {
        try
        {
            return Files.createTempDirectory("dafka-bench-");
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
                storeJvms.add(PeerProcess.start(name + " store " + (open + 1), "store",
                    nodeSettings("store-" + (open + 1))));
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

    /** True when CURVE is on ({@link #launchSecured()}). */
    boolean secured()
    {
        return keys != null;
    }

    /**
     * The settings of the tower's or a store's node as {@code key=value} arguments of {@link PeerMain}: none with
     * security off; else CURVE on, with the node's own key pair (made now) put on the allow-list.
     */
    private String[] nodeSettings(final String node)
    {
        if (keys == null)
        {
            return new String[0];
        }
        keys.allow(node);
        return new String[] {
            DafkaConfig.SECURITY_ENABLED.name() + "=true",
            DafkaConfig.SECURITY_KEY_FILE.name() + "=" + keys.keyFile(node),
            DafkaConfig.SECURITY_SERVER_KEY_FILE.name() + "=" + keys.serverKeyFile(),
            DafkaConfig.SECURITY_ALLOW_LIST.name() + "=" + keys.allowList()};
    }

    @Override
    public String name()
    {
        return name;
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
        if (keys != null)
        {
            settings.put("dafka.security.enabled", true);
            settings.put("dafka.security.key.file", keys.keyFile(CLIENTS).toString());
            settings.put("dafka.security.server.key.file", keys.serverKeyFile().toString());
            settings.put("dafka.security.allow.list", keys.allowList().toString());
        }
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
        return name + " (" + tower + " at " + towerSub + ", " + storeJvms + " in " + directory + ")";
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
