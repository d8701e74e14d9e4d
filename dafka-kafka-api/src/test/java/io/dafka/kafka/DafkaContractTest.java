package io.dafka.kafka;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.discovery.TowerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.testing.Loopback;

/** The Kafka client contract on Dafka: an embedded tower and store on loopback, ephemeral ports. */
class DafkaContractTest extends KafkaContractTest
{
    private static TowerNode tower;
    private static InMemoryRecordStore records;
    private static StoreNode store;

    @TempDir
    static Path offsets;

    @BeforeAll
    static void startDafka()
    {
        tower = Loopback.startTower();
        records = new InMemoryRecordStore();
        store = StoreNode.start(Loopback.nodeConfig(tower), records);
    }

    @AfterAll
    static void stopDafka()
    {
        store.close();
        records.close();
        tower.close();
    }

    @Override
    Map<String, Object> transportConfig()
    {
        return Map.of(
            "bootstrap.servers", "dafka://" + tower.subEndpoint().substring("tcp://".length()),
            "dafka.tower.sub.endpoints", tower.subEndpoint(),
            "dafka.tower.pub.endpoints", tower.pubEndpoint(),
            "dafka.beacon.interval.ms", 100,
            "dafka.producer.head.interval.ms", 200,
            "dafka.offsets.dir", offsets.toString());
    }

    @Override
    boolean isDafka()
    {
        return true;
    }
}
