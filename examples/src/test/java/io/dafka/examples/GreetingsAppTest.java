package io.dafka.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.discovery.TowerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.testing.Loopback;

/** The Kafka-style example application runs on Dafka by setting one property. */
@Timeout(120)
class GreetingsAppTest
{
    @TempDir
    Path offsets;

    @Test
    void shouldRunTheKafkaStyleApplicationOnDafka() throws Exception
    {
        try (TowerNode tower = Loopback.startTower();
             InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(Loopback.nodeConfig(tower), records))
        {
            final Properties settings = new Properties();
            settings.put("dafka.transport", "dafka");                      // the switch
            settings.put("bootstrap.servers", "127.0.0.1");
            settings.put("dafka.tower.sub.endpoints", tower.subEndpoint()); // ephemeral test tower ports
            settings.put("dafka.tower.pub.endpoints", tower.pubEndpoint());
            settings.put("dafka.offsets.dir", offsets.toString());
            assertThat(new GreetingsApp(settings).run("greetings", 5))
                .containsExactly("hello #0", "hello #1", "hello #2", "hello #3", "hello #4");
        }
    }
}
