package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static io.dafka.store.StoreFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.DafkaException;
import io.dafka.codec.Head;
import io.dafka.config.DafkaConfig;
import io.dafka.discovery.TowerNode;
import io.dafka.testing.Loopback;
import io.dafka.testing.TestPeer;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;

/** Start-up, identity and ownership of a {@link StoreNode}, and replication between two stores. */
@Timeout(60)
class StoreNodeTest
{
    private static final String ADDRESS_PATTERN = "[0-9A-F]{32}";

    @Test
    void shouldFailToStartWithoutATowerAndNameItsEndpoints()
    {
        final DafkaConfig config;
        final String towerEndpoint;
        try (TowerNode tower = Loopback.startTower())
        {
            config = Loopback.nodeConfig(tower, "beacon.ready_timeout", 300);
            towerEndpoint = tower.pubEndpoint();
        }

        try (InMemoryRecordStore store = new InMemoryRecordStore())
        {
            assertThatThrownBy(() -> StoreNode.start(config, store))
                .isInstanceOf(DafkaException.class)
                .hasMessageContaining(towerEndpoint);
        }
        assertThat(Thread.getAllStackTraces().keySet())
            .noneMatch(thread -> thread.getName().startsWith("dafka-store-"));
    }

    @Test
    void shouldExposeItsAddressesAndEndpoints()
    {
        try (TowerNode tower = Loopback.startTower();
             InMemoryRecordStore store = new InMemoryRecordStore();
             StoreNode node = StoreNode.start(Loopback.nodeConfig(tower), store))
        {
            assertThat(node.writerAddress()).matches(ADDRESS_PATTERN);
            assertThat(node.readerAddress()).matches(ADDRESS_PATTERN).isNotEqualTo(node.writerAddress());
            assertThat(node.writerEndpoint()).startsWith("tcp://127.0.0.1:");
            assertThat(node.readerEndpoint()).startsWith("tcp://127.0.0.1:").isNotEqualTo(node.writerEndpoint());
            assertThat(node.store()).isSameAs(store);
            assertThat(node.metrics()).containsEntry(Metric.RECORDS_STORED, 0L);
        }
    }

    @Test
    void shouldLeaveTheRecordStoreOpenWhenClosed()
    {
        try (TowerNode tower = Loopback.startTower();
             InMemoryRecordStore store = new InMemoryRecordStore())
        {
            store.append("hello", "P", 0, bytes("kept"));
            StoreNode.start(Loopback.nodeConfig(tower), store).close();

            assertThat(store.head("hello", "P")).isZero();
        }
    }

    @Test
    void shouldCopyAPartitionFromAnotherStoreByFetchingIt() throws InterruptedException
    {
        final String partition = Addresses.newAddress();
        try (TowerNode tower = Loopback.startTower();
             InMemoryRecordStore full = new InMemoryRecordStore();
             InMemoryRecordStore empty = new InMemoryRecordStore())
        {
            for (int sequence = 0; sequence < 10; sequence++)
            {
                full.append("hello", partition, sequence, bytes("record " + sequence));
            }
            final DafkaConfig config = Loopback.nodeConfig(tower, "store.fetch.retry_interval", 100);
            try (StoreNode source = StoreNode.start(config, full);
                 StoreNode copy = StoreNode.start(config, empty);
                 TestPeer producer = new TestPeer(Loopback.nodeConfig(tower)))
            {
                // A producer's HEAD tells both stores about the partition; only the empty one FETCHes it, and
                // only the other store's reader answers (the producer here does not).
                final Head head = new Head().set("hello", partition, "hello", 9);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                {
                    producer.send(head); // again and again until both stores are connected to everyone
                    return empty.head("hello", partition) == 9;
                });

                final List<String> copied = new ArrayList<>();
                empty.read("hello", partition, 0, 100, (sequence, content) -> copied.add(text(content)));
                assertThat(copied).hasSize(10).startsWith("record 0").endsWith("record 9");
                assertThat(source.readerMetrics().get(Metric.RECORDS_SERVED)).isGreaterThanOrEqualTo(10);
                assertThat(copy.readerMetrics().get(Metric.RECORDS_SERVED)).isZero();
            }
        }
    }
}
