package io.dafka.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.dafka.discovery.TowerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.testing.Loopback;

/** A tower and a store on loopback (ephemeral ports), and the client settings that reach them. */
final class EmbeddedDafka implements AutoCloseable
{
    private final TowerNode tower = Loopback.startTower();
    private final InMemoryRecordStore records = new InMemoryRecordStore();
    private final StoreNode store = StoreNode.start(Loopback.nodeConfig(tower), records);
    private final Path offsets;

    EmbeddedDafka(final Path offsets)
    {
        this.offsets = offsets;
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
    }
}
