package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.producer.ProducerNode;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;

/**
 * Mid-stream adoption (docs/protocol.md#mid-stream-adoption) end to end: a new store joins after the only other
 * store deleted the partition's first records (retention) and the producer forgot them (ACKed). In C it asks for
 * sequence 0 forever; with {@code store.adopt} it adopts the partition from the first record the other store still
 * holds.
 */
@Timeout(120)
class AdoptionEndToEndTest extends WithLoopbackTower
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "adopt";

    @TempDir
    Path retaining;

    @TempDir
    Path joining;

    @Test
    void shouldAdoptFromTheFirstRecordAPeerStoreStillHolds()
    {
        final DafkaConfig retainingConfig = config("store.segment.bytes", 4096, "store.retention.bytes", 4 * 4096);
        try (DurableRecordStore old = DurableRecordStore.open(retaining, retainingConfig);
             StoreNode oldNode = StoreNode.start(retainingConfig, old);
             ProducerNode producer = ProducerNode.start(config()))
        {
            for (int sequence = 0; sequence < 2000; sequence++)
            {
                producer.send(TOPIC, new byte[100]);
            }
            assertThat(producer.flush(WAIT)).isTrue();
            final String partition = producer.partitionAddress(TOPIC);
            await().atMost(WAIT).until(() -> old.head(TOPIC, partition) == 1999);
            old.enforceRetention();
            final long first = old.first(TOPIC, partition);
            assertThat(first).isPositive();

            final DafkaConfig joiningConfig = config("store.adopt", true, "store.adopt.timeout", 500);
            try (DurableRecordStore fresh = DurableRecordStore.open(joining, joiningConfig);
                 StoreNode freshNode = StoreNode.start(joiningConfig, fresh))
            {
                await().atMost(WAIT).until(() -> fresh.head(TOPIC, partition) == 1999);
                assertThat(fresh.first(TOPIC, partition)).isEqualTo(first);
            }
        }
    }

    private DafkaConfig config(final Object... overrides)
    {
        final Object[] all = new Object[overrides.length + 6];
        all[0] = "producer.head_interval";
        all[1] = 100;
        all[2] = "store.fetch.retry_interval";
        all[3] = 200;
        all[4] = "store.index.entries";
        all[5] = 1000;
        System.arraycopy(overrides, 0, all, 6, overrides.length);
        return Loopback.nodeConfig(tower, all);
    }
}
