package io.dafka.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.dafka.discovery.TowerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.testing.Loopback;

/**
 * A tower and a store on loopback (ephemeral ports), and the client settings that reach them. Either started at
 * once ({@link #EmbeddedDafka(Path)}) and closed by its user, or, registered as a static extension
 * ({@code @RegisterExtension static final EmbeddedDafka DAFKA = new EmbeddedDafka();}), started before a test
 * class's tests and closed after them, with an offsets directory of its own.
 */
final class EmbeddedDafka implements AutoCloseable, BeforeAllCallback, AfterAllCallback
{
    private TowerNode tower;
    private InMemoryRecordStore records;
    private StoreNode store;
    private Path offsets;
    private boolean ownsOffsets;

    /** Not started yet: a test class's extension. */
    EmbeddedDafka()
    {
    }

    /** Started now, keeping committed offsets in {@code offsets}. */
    EmbeddedDafka(final Path offsets)
    {
        start(offsets);
    }

    private void start(final Path offsetsDirectory)
    {
        offsets = offsetsDirectory;
        tower = Loopback.startTower();
        records = new InMemoryRecordStore();
        store = StoreNode.start(Loopback.nodeConfig(tower), records);
    }

    @Override
    public void beforeAll(final ExtensionContext context) throws IOException
    {
        ownsOffsets = true;
        start(Files.createTempDirectory("dafka-offsets"));
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        close();
    }

    /** bootstrap.servers and the dafka.* settings for Kafka clients of this Dafka. */
    Map<String, Object> clientConfig()
    {
        final Map<String, Object> settings = clientConfig(tower);
        settings.put("dafka.offsets.dir", offsets.toString());
        return settings;
    }

    /** bootstrap.servers and the dafka.* settings for Kafka clients of {@code tower}, with short intervals. */
    static Map<String, Object> clientConfig(final TowerNode tower)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "dafka://" + tower.subEndpoint().substring("tcp://".length()));
        settings.put("dafka.tower.sub.endpoints", tower.subEndpoint());
        settings.put("dafka.tower.pub.endpoints", tower.pubEndpoint());
        settings.put("dafka.beacon.interval.ms", 100);
        settings.put("dafka.producer.head.interval.ms", 200);
        return settings;
    }

    @Override
    public void close()
    {
        store.close();
        records.close();
        tower.close();
        if (ownsOffsets)
        {
            try
            {
                Utils.delete(offsets.toFile());
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
    }
}
