package io.dafka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.dafka.config.DafkaConfig;
import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.store.StoreNode;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.Loopback;

/**
 * An embedded Dafka on loopback: a tower and one durable store (fsync per batch) in a temporary directory;
 * producers use {@code acks=1}. Closing it stops both and deletes the directory.
 */
final class DafkaTarget implements BenchTarget
{
    private final Path directory;
    private final TowerNode tower;
    private final DurableRecordStore records;
    private final StoreNode store;

    private DafkaTarget(final Path directory)
    {
        this.directory = directory;
        this.tower = Loopback.startTower();
        final Map<String, Object> node = new HashMap<>();
        node.put("beacon.address", "127.0.0.1");
        node.put("beacon.sub_address", tower.subEndpoint());
        node.put("beacon.pub_address", tower.pubEndpoint());
        node.put("beacon.interval", 100);
        node.put("store.db", directory.resolve("store").toString());
        node.put("store.fsync", "batch");
        final DafkaConfig config = DafkaConfig.of(node);
        this.records = DurableRecordStore.open(config);
        this.store = StoreNode.start(config, records);
    }

    /** Starts a tower and a durable store in a new temporary directory. */
    static DafkaTarget start()
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
        settings.put("bootstrap.servers", "dafka://" + tower.subEndpoint().substring("tcp://".length()));
        settings.put("dafka.tower.sub.endpoints", tower.subEndpoint());
        settings.put("dafka.tower.pub.endpoints", tower.pubEndpoint());
        settings.put("dafka.beacon.interval.ms", 100);
        settings.put("dafka.producer.head.interval.ms", 200);
        settings.put("dafka.offsets.dir", directory.resolve("offsets").toString());
        return settings;
    }

    @Override
    public String acks()
    {
        return "1";
    }

    @Override
    public void close()
    {
        try
        {
            store.close();
            records.close();
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
        return "Dafka (tower " + tower.subEndpoint() + ", durable store in " + directory + ")";
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
