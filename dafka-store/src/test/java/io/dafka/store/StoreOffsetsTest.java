package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.agent.Clock;
import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetFetch;
import io.dafka.codec.OffsetFetchAnswer;
import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumerNode;
import io.dafka.consumer.OffsetsException;
import io.dafka.journal.OffsetsJournal;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.Loopback;
import io.dafka.discovery.TowerNode;

/**
 * Committed offsets kept by a store, driven by a real consumer engine over a loopback tower: a commit is
 * acknowledged once durable and read back, also after the store restarted; an older generation is fenced and
 * nothing of its commit applied; a commit the store cannot write is never acknowledged; a commit that needs more
 * stores than there are times out saying so.
 */
@Timeout(120)
class StoreOffsetsTest
{
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String GROUP = "g";

    @TempDir
    Path directory;

    private TowerNode tower;
    private DafkaConfig config;
    private DurableRecordStore records;
    private StoreNode store;
    private ConsumerNode consumer;

    @BeforeEach
    void start()
    {
        tower = Loopback.startTower();
        config = Loopback.nodeConfig(tower);
        consumer = ConsumerNode.builder(config).storeOffsets().start();
    }

    @AfterEach
    void stop()
    {
        if (consumer != null)
        {
            consumer.close();
        }
        stopStore();
        tower.close();
    }

    @Test
    void shouldAcknowledgeACommitAndReturnItAlsoAfterTheStoreRestarted() throws Exception
    {
        startStore(OffsetsJournal.FORCE);

        await(consumer.commitOffsets(GROUP, "m1", 3, List.of(entry("t", "A", 42, "meta"), entry("t", "B", 7, "")), 1,
            PATIENCE));
        assertThat(fetchAll()).containsExactlyInAnyOrder(answered("t", "A", 42, "meta", 3),
            answered("t", "B", 7, "", 3));
        stopStore();
        startStore(OffsetsJournal.FORCE);

        assertThat(fetchAll()).containsExactlyInAnyOrder(answered("t", "A", 42, "meta", 3),
            answered("t", "B", 7, "", 3));
        assertThat(await(consumer.fetchOffsets(GROUP, List.of(new OffsetFetch.Partition("t", "B")), 1, PATIENCE)))
            .extracting(OffsetFetchAnswer.Entry::offset).containsExactly(7L);
        assertThat(await(consumer.fetchOffsets("other", List.of(), 1, PATIENCE))).isEmpty();
    }

    @Test
    void shouldFenceACommitOfAnOlderGenerationAndApplyNoneOfIt() throws Exception
    {
        startStore(OffsetsJournal.FORCE);
        await(consumer.commitOffsets(GROUP, "new-owner", 5, List.of(entry("t", "B", 10, "")), 1, PATIENCE));

        final CompletableFuture<Void> zombie = consumer.commitOffsets(GROUP, "old-owner", 4,
            List.of(entry("t", "A", 99, ""), entry("t", "B", 3, "")), 1, PATIENCE);

        assertThatThrownBy(() -> await(zombie)).isInstanceOf(OffsetsException.class)
            .hasMessageContaining("generation 5 is newer")
            .satisfies(e -> assertThat(((OffsetsException)e).reason()).isEqualTo(OffsetsException.Reason.FENCED));
        assertThat(fetchAll()).containsExactly(answered("t", "B", 10, "", 5));
        await(consumer.commitOffsets(GROUP, "manual", OffsetCommit.NO_GENERATION, List.of(entry("t", "B", 11, "")), 1,
            PATIENCE)); // without group management: never fenced
    }

    @Test
    void shouldNeverAcknowledgeACommitItCouldNotMakeDurable() throws Exception
    {
        final AtomicBoolean failing = new AtomicBoolean();
        startStore((channel, metadata) ->
        {
            if (failing.get())
            {
                throw new IOException("no space left on device");
            }
            channel.force(metadata);
        });
        failing.set(true);

        assertThatThrownBy(() -> await(consumer.commitOffsets(GROUP, "m", 1, List.of(entry("t", "A", 1, "")), 1,
            Duration.ofSeconds(3)))).isInstanceOf(OffsetsException.class)
            .hasMessageContaining("0 of the 1 stores required").hasMessageContaining("no space left on device");
        failing.set(false); // the disk heals: the same store takes the next commit
        await(consumer.commitOffsets(GROUP, "m", 1, List.of(entry("t", "A", 2, "")), 1, PATIENCE));
        assertThat(fetchAll()).containsExactly(answered("t", "A", 2, "", 1));
    }

    @Test
    void shouldTimeOutACommitThatNeedsMoreStoresThanThereAre() throws Exception
    {
        startStore(OffsetsJournal.FORCE);
        await(consumer.commitOffsets(GROUP, "m", 1, List.of(entry("t", "A", 1, "")), 1, PATIENCE)); // one is there

        assertThatThrownBy(() -> await(consumer.commitOffsets(GROUP, "m", 1, List.of(entry("t", "A", 2, "")), 2,
            Duration.ofSeconds(3)))).isInstanceOf(OffsetsException.class)
            .hasMessageContaining("1 of the 2 stores required acknowledged the commit within 3000 ms")
            .satisfies(e -> assertThat(((OffsetsException)e).reason()).isEqualTo(OffsetsException.Reason.TIMED_OUT));
    }

    private void startStore(final OffsetsJournal.Sync sync)
    {
        records = DurableRecordStore.open(directory, config);
        store = StoreNode.start(config, records, Clock.SYSTEM, StoreHealth.Listener.NONE,
            StoreNode.groupOffsets(records, config, sync));
    }

    private void stopStore()
    {
        if (store != null)
        {
            store.close();
            store = null;
        }
        if (records != null)
        {
            records.close();
            records = null;
        }
    }

    private List<OffsetFetchAnswer.Entry> fetchAll() throws Exception
    {
        final List<OffsetFetchAnswer.Entry> withoutTimes = new ArrayList<>();
        for (final OffsetFetchAnswer.Entry entry : await(consumer.fetchOffsets(GROUP, List.of(), 1, PATIENCE)))
        {
            assertThat(entry.time()).isPositive();
            withoutTimes.add(answered(entry.subject(), entry.partition(), entry.offset(), entry.metadata(),
                entry.generation()));
        }
        return withoutTimes;
    }

    private static OffsetCommit.Entry entry(final String topic, final String partition, final long offset,
        final String metadata)
    {
        return new OffsetCommit.Entry(topic, partition, offset, metadata);
    }

    /** An answered entry, its store time left out. */
    private static OffsetFetchAnswer.Entry answered(final String topic, final String partition, final long offset,
        final String metadata, final long generation)
    {
        return new OffsetFetchAnswer.Entry(topic, partition, offset, metadata, generation, 0);
    }

    private static <T> T await(final CompletableFuture<T> future) throws Exception
    {
        try
        {
            return future.get(PATIENCE.toSeconds() * 2, TimeUnit.SECONDS);
        }
        catch (final ExecutionException e)
        {
            throw (Exception)e.getCause();
        }
    }
}
