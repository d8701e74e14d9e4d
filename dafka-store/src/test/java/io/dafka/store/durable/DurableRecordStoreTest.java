package io.dafka.store.durable;

import static io.dafka.store.durable.Stores.appendRange;
import static io.dafka.store.durable.Stores.bytes;
import static io.dafka.store.durable.Stores.record;
import static io.dafka.store.durable.Stores.sequences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.DafkaException;
import io.dafka.store.RecordStore;

@Timeout(60)
class DurableRecordStoreTest
{
    @TempDir
    Path directory;

    private final Stores.WallClock clock = new Stores.WallClock();

    @Test
    void shouldPublishAppendedRecordsOnlyAtFlush()
    {
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            store.append("hello", "P", 0, record(0));
            store.append("hello", "P", 1, record(1));

            assertThat(store.head("hello", "P")).isEqualTo(RecordStore.NONE);
            assertThat(sequences(store, "hello", "P", 0)).isEmpty();
            store.flush();
            assertThat(store.head("hello", "P")).isEqualTo(1);
            assertThat(store.first("hello", "P")).isZero();
            assertThat(sequences(store, "hello", "P", 0)).containsExactly(0L, 1L);
        }
    }

    @Test
    void shouldReadAtMostMaxCountFromAnySequence()
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            appendRange(store, "hello", "P", 0, 499);
            final List<Long> read = new ArrayList<>();

            assertThat(store.read("hello", "P", 123, 200, (sequence, content) -> read.add(sequence))).isEqualTo(200);
            assertThat(read).first().isEqualTo(123L);
            assertThat(read).last().isEqualTo(322L);
            assertThat(sequences(store, "hello", "P", 0)).hasSize(500).isSorted();
            assertThat(sequences(store, "hello", "P", 499)).containsExactly(499L);
            assertThat(sequences(store, "hello", "P", 500)).isEmpty();
            assertThat(sequences(store, "hello", "Q", 0)).isEmpty();
        }
    }

    @Test
    void shouldRollSegmentsAtTheConfiguredSize()
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            appendRange(store, "hello", "P", 0, 999);

            assertThat(Stores.segmentFiles(directory)).hasSizeGreaterThan(20);
            assertThat(store.bytes("hello", "P")).isGreaterThan(1000L * 124);
        }
        catch (final java.io.IOException e)
        {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldResumeHeadsAndServeEverythingAfterReopening()
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            appendRange(store, "hello", "P", 0, 999);
            appendRange(store, "hello", "Q", 0, 9);
            appendRange(store, "other", "R", 0, 0);
        }
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            assertThat(store.recoveryReport().partitions()).isEqualTo(3);
            assertThat(store.recoveryReport().segmentsTrusted()).as("sealed segments opened from the index")
                .isGreaterThan(20);
            assertThat(store.recoveryReport().repairedData()).isFalse();
            assertThat(heads(store, "hello")).containsOnly(Map.entry("P", 999L), Map.entry("Q", 9L));
            assertThat(sequences(store, "hello", "P", 0)).hasSize(1000).isSorted();
            appendRange(store, "hello", "P", 1000, 1100);
            assertThat(sequences(store, "hello", "P", 990)).hasSize(111);
        }
        try (DurableRecordStore store = Stores.open(directory, clock, "store.recovery.scan", "all"))
        {
            assertThat(store.recoveryReport().segmentsTrusted()).isZero();
            assertThat(store.head("hello", "P")).isEqualTo(1100);
            assertThat(sequences(store, "hello", "P", 0)).hasSize(1101);
        }
    }

    @Test
    void shouldStreamRecordsLargerThanItsReadBuffer()
    {
        final byte[] big = new byte[300_000];
        big[299_999] = 7;
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            store.append("hello", "P", 0, bytes("small"));
            store.append("hello", "P", 1, big);
            store.append("hello", "P", 2, bytes("after"));
            store.flush();
        }
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            final List<byte[]> contents = new ArrayList<>();
            store.read("hello", "P", 0, 10, (sequence, content) -> contents.add(content));
            assertThat(contents).hasSize(3);
            assertThat(contents.get(1)).isEqualTo(big);
            assertThat(new String(contents.get(2))).isEqualTo("after");
        }
    }

    @Test
    void shouldAdoptAPartitionMidStream()
    {
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            store.adopt("hello", "P", 42, record(42));
            store.append("hello", "P", 43, record(43));
            store.flush();

            assertThat(store.first("hello", "P")).isEqualTo(42);
            assertThat(store.head("hello", "P")).isEqualTo(43);
            assertThat(sequences(store, "hello", "P", 0)).isEmpty();
            assertThat(sequences(store, "hello", "P", 42)).containsExactly(42L, 43L);
            assertThatThrownBy(() -> store.adopt("hello", "P", 44, record(44)))
                .isInstanceOf(IllegalArgumentException.class);
        }
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            assertThat(store.first("hello", "P")).isEqualTo(42);
            assertThat(store.head("hello", "P")).isEqualTo(43);
        }
    }

    @Test
    void shouldRejectAnAppendThatDoesNotFollowTheHead()
    {
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            assertThatThrownBy(() -> store.append("hello", "P", 1, record(1)))
                .isInstanceOf(IllegalArgumentException.class);
            appendRange(store, "hello", "P", 0, 2);

            assertThatThrownBy(() -> store.append("hello", "P", 4, record(4)))
                .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.append("hello", "P", 2, record(2)))
                .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.head("hello", "P")).isEqualTo(2);
        }
    }

    @Test
    void shouldListTheHeadsOfExactlyTheGivenSubject()
    {
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            appendRange(store, "hello", "A", 0, 2);
            appendRange(store, "hello2", "C", 0, 4);
            appendRange(store, "hell", "D", 0, 1);
            appendRange(store, "a/b\\c:*?", "E", 0, 0);

            assertThat(heads(store, "hello")).containsOnly(Map.entry("A", 2L));
            assertThat(heads(store, "hel")).isEmpty();
            assertThat(heads(store, "a/b\\c:*?")).containsOnly(Map.entry("E", 0L));
        }
    }

    @Test
    void shouldRefuseASecondStoreOnTheSameDirectory()
    {
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            assertThatThrownBy(() -> Stores.open(directory, clock))
                .isInstanceOf(DafkaException.class)
                .hasMessageContaining("in use");
        }
        try (DurableRecordStore again = Stores.open(directory, clock))
        {
            assertThat(again.recoveryReport().partitions()).isZero();
        }
    }

    @Test
    void shouldRefuseUseAfterClose()
    {
        final DurableRecordStore store = Stores.open(directory, clock);
        store.close();
        store.close();

        assertThatThrownBy(() -> store.append("hello", "P", 0, record(0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.head("hello", "P")).isInstanceOf(IllegalStateException.class);
    }

    private static Map<String, Long> heads(final RecordStore store, final String subject)
    {
        final Map<String, Long> heads = new HashMap<>();
        store.forEachHead(subject, heads::put);
        return heads;
    }
}
