package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.producer.SendListener;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.ChildJvm;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;

/**
 * Durability across real process deaths: stores in child JVMs killed with SIGKILL while a producer streams, then
 * restarted on the same directory.
 */
@Timeout(240)
class StoreCrashTest extends WithLoopbackTower
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "crash";

    @TempDir
    Path directory;

    @TempDir
    Path otherDirectory;

    @Test
    void shouldKeepEveryAckedRecordWhenTheStoreIsKilledMidStream() throws Exception
    {
        final int total = 30_000;
        final int window = 2_000;
        final AtomicLong acked = new AtomicLong(-1);
        final SendListener listener = new SendListener()
        {
            @Override
            public void onStored(final String partition, final long sequence)
            {
                acked.accumulateAndGet(sequence, Math::max);
            }
        };
        final ChildJvm first = startStore(directory);
        ChildJvm second = null;
        try (ProducerNode producer = ProducerNode.start(config()))
        {
            long ackedAtKill = -1;
            for (int sent = 0; sent < total; sent++)
            {
                producer.send(TOPIC, payload(sent), listener);
                if (sent % 500 == 499)
                {
                    if (ackedAtKill < 0 && acked.get() >= total / 3)
                    {
                        first.kill(); // SIGKILL: mid-batch, with records in flight
                        ackedAtKill = acked.get();
                    }
                    else if (ackedAtKill < 0)
                    {
                        final long mustBeAcked = sent - window;
                        awaitTrue(() -> acked.get() >= mustBeAcked, "ACKs keep up with the producer");
                    }
                }
            }
            assertThat(ackedAtKill).as("the store was killed while the producer streamed").isPositive();

            second = startStore(directory);
            final long recovered = DurableStoreProcess.parseHeads(second.awaitLine("RECOVERED", WAIT))
                .get(producer.partitionAddress(TOPIC));
            assertThat(recovered).as("every record ACKed before the kill survived it").isGreaterThanOrEqualTo(
                ackedAtKill);
            second.awaitLine("READY", WAIT);
            assertThat(producer.flush(WAIT)).as("the restarted store stores and ACKs the rest").isTrue();

            assertWholePartitionFromEarliestConsumer(producer.partitionAddress(TOPIC), total);
        }
        finally
        {
            first.close();
            if (second != null)
            {
                second.close();
            }
        }
    }

    @Test
    void shouldCatchUpFromAnotherStoreAfterBeingKilledAndRestarted() throws Exception
    {
        final int half = 5_000;
        final DafkaConfig storeConfig = config("store.index.entries", 1000);
        ChildJvm killed = startStore(directory);
        ChildJvm restarted = null;
        final DurableRecordStore surviving = DurableRecordStore.open(otherDirectory, storeConfig);
        StoreNode survivingNode = StoreNode.start(storeConfig, surviving);
        try (ProducerNode producer = ProducerNode.start(config()))
        {
            killed.awaitLine("READY", WAIT);
            send(producer, 0, half);
            assertThat(producer.flush(WAIT)).isTrue();
            final String partition = producer.partitionAddress(TOPIC);
            awaitTrue(() -> headOf(reportedHeads(killed), partition) == half - 1, "both stores hold the first half");
            awaitTrue(() -> surviving.head(TOPIC, partition) == half - 1, "both stores hold the first half");

            killed.kill();
            send(producer, half, 2 * half);
            assertThat(producer.flush(WAIT)).as("the surviving store ACKs: the producer forgets").isTrue();
            assertThat(producer.unacknowledged()).isZero();

            restarted = startStore(directory);
            assertThat(DurableStoreProcess.parseHeads(restarted.awaitLine("RECOVERED", WAIT)).get(partition))
                .isEqualTo(half - 1);
            restarted.awaitLine("READY", WAIT);
            final ChildJvm store = restarted;
            awaitTrue(() -> headOf(reportedHeads(store), partition) == 2 * half - 1,
                "the restarted store fetches the second half from the surviving one");

            survivingNode.close();
            survivingNode = null;
            assertWholePartitionFromEarliestConsumer(partition, 2 * half);
        }
        finally
        {
            if (survivingNode != null)
            {
                survivingNode.close();
            }
            surviving.close();
            killed.close();
            if (restarted != null)
            {
                restarted.close();
            }
        }
    }

    /** A consumer joining late with offset reset earliest receives the whole partition once, in order. */
    private void assertWholePartitionFromEarliestConsumer(final String partition, final int total)
    {
        try (ConsumerNode consumer = ConsumerNode.start(config("consumer.offset.reset", "earliest")))
        {
            consumer.subscribe(TOPIC);
            final Collected collected = new Collected();
            assertThat(collected.pollUntil(consumer, c -> c.size() >= total, WAIT)).isTrue();
            assertThat(collected.pollUntil(consumer, c -> c.size() > total, Duration.ofMillis(300))).isFalse();
            final List<ConsumedRecord> records = collected.partition(TOPIC, partition);
            assertThat(records).hasSize(total);
            assertThat(Collected.consecutive(records, 0)).as("no gap, no duplicate, in order").isTrue();
            assertThat(records).allMatch(r -> ByteBuffer.wrap(r.content()).getLong() == r.sequence());
        }
    }

    private ChildJvm startStore(final Path storeDirectory) throws java.io.IOException
    {
        return ChildJvm.start(DurableStoreProcess.class, storeDirectory.toString(), tower.subEndpoint(),
            tower.pubEndpoint(), TOPIC);
    }

    /** The heads the child store reports now. */
    private static java.util.Map<String, Long> reportedHeads(final ChildJvm store)
    {
        try
        {
            store.send("heads " + TOPIC);
            return DurableStoreProcess.parseHeads(store.awaitLine("HEADS", WAIT));
        }
        catch (final java.io.IOException | InterruptedException e)
        {
            throw new AssertionError(e);
        }
    }

    private static long headOf(final java.util.Map<String, Long> heads, final String partition)
    {
        return heads.getOrDefault(partition, -1L);
    }

    private static void send(final ProducerNode producer, final int from, final int to)
    {
        for (int sequence = from; sequence < to; sequence++)
        {
            producer.send(TOPIC, payload(sequence));
        }
    }

    private static byte[] payload(final long sequence)
    {
        return ByteBuffer.allocate(100).putLong(sequence).array();
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        await(what).atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
            .until(condition::getAsBoolean);
    }

    private DafkaConfig config(final Object... overrides)
    {
        final Object[] all = new Object[overrides.length + 2];
        all[0] = "producer.head_interval";
        all[1] = 200;
        System.arraycopy(overrides, 0, all, 2, overrides.length);
        return Loopback.nodeConfig(tower, all);
    }
}
