package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.store.durable.DurableRecordStore;

/** {@link RecordStore#forEachPartition}, which STORE-HEADS summaries are made of, in both stores. */
@Timeout(60)
class RecordStorePartitionsTest
{
    @TempDir
    Path directory;

    @Test
    void shouldVisitEveryPartitionOfEverySubjectWithItsFirstAndHeadInMemory()
    {
        try (RecordStore store = new InMemoryRecordStore())
        {
            fill(store);

            assertThat(partitions(store)).containsExactlyInAnyOrder(
                "hello/P 0..2", "hello/Q 0..0", "world/P 7..8");
        }
    }

    @Test
    void shouldVisitEveryFlushedPartitionWithItsFirstAndHeadInTheDurableStoreAlsoAfterReopening()
    {
        final DafkaConfig config = DafkaConfig.of(Map.of("store.index.entries", 1000));
        try (RecordStore store = DurableRecordStore.open(directory, config))
        {
            fill(store);
            store.append("unflushed", "P", 0, bytes("0"));

            assertThat(partitions(store)).containsExactlyInAnyOrder(
                "hello/P 0..2", "hello/Q 0..0", "world/P 7..8");
        }
        try (RecordStore reopened = DurableRecordStore.open(directory, config))
        {
            assertThat(partitions(reopened)).containsExactlyInAnyOrder(
                "hello/P 0..2", "hello/Q 0..0", "world/P 7..8", "unflushed/P 0..0"); // close flushed it
        }
    }

    @Test
    void shouldVisitNothingInAnEmptyStore()
    {
        try (RecordStore store = new InMemoryRecordStore())
        {
            assertThat(partitions(store)).isEmpty();
        }
    }

    private static void fill(final RecordStore store)
    {
        for (int sequence = 0; sequence < 3; sequence++)
        {
            store.append("hello", "P", sequence, bytes(Integer.toString(sequence)));
        }
        store.append("hello", "Q", 0, bytes("0"));
        store.adopt("world", "P", 7, bytes("7"));
        store.append("world", "P", 8, bytes("8"));
        store.flush();
    }

    private static List<String> partitions(final RecordStore store)
    {
        final List<String> visited = new ArrayList<>();
        store.forEachPartition((subject, partition, first, head) ->
            visited.add(subject + "/" + partition + " " + first + ".." + head));
        return visited;
    }
}
