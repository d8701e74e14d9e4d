package io.dafka.store.durable;

import static io.dafka.store.durable.Stores.appendRange;
import static io.dafka.store.durable.Stores.sequences;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes whole old segments; heads, first sequences and reads stay correct, also after a restart. */
@Timeout(60)
class RetentionTest
{
    private static final long HOUR = 3_600_000;
    private static final int FRAME = RecordFrame.size(100);
    private static final long PER_SEGMENT = (4096 - RecordFrame.SEGMENT_HEADER) / FRAME;

    @TempDir
    Path directory;

    private final Stores.WallClock clock = new Stores.WallClock();

    @Test
    void shouldDeleteSegmentsWhoseRecordsAreAllOlderThanTheRetentionTime() throws IOException
    {
        final Object[] settings = {"store.segment.bytes", 4096, "store.retention.ms", HOUR};
        try (DurableRecordStore store = Stores.open(directory, clock, settings))
        {
            appendRange(store, "hello", "P", 0, 99);
            clock.advance(HOUR / 2);
            appendRange(store, "hello", "P", 100, 199);
            clock.advance(HOUR / 2 + 1);

            final int deleted = store.enforceRetention();
            final long first = store.first("hello", "P");
            assertThat(deleted).isEqualTo((int)(100 / PER_SEGMENT));
            assertThat(first).isEqualTo(deleted * PER_SEGMENT).isLessThanOrEqualTo(100);
            assertThat(store.head("hello", "P")).isEqualTo(199);
            assertThat(sequences(store, "hello", "P", first)).hasSize((int)(200 - first)).isSorted();
            assertThat(sequences(store, "hello", "P", 0)).as("deleted records are never read").isEmpty();
            assertThat(heads(store)).containsOnly(Map.entry("P", 199L));
            assertThat(store.enforceRetention()).isZero();
        }
        try (DurableRecordStore store = Stores.open(directory, clock, settings))
        {
            assertThat(store.first("hello", "P")).isEqualTo((100 / PER_SEGMENT) * PER_SEGMENT);
            assertThat(store.head("hello", "P")).isEqualTo(199);
            assertThat(store.recoveryReport().repairedData()).isFalse();
        }
    }

    @Test
    void shouldNeverDeleteThePartitionsNewestSegment()
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.retention.ms", HOUR))
        {
            appendRange(store, "hello", "P", 0, 9);
            clock.advance(10 * HOUR);

            assertThat(store.enforceRetention()).isZero();
            assertThat(store.first("hello", "P")).isZero();
            assertThat(sequences(store, "hello", "P", 0)).hasSize(10);
        }
    }

    @Test
    void shouldStartANewSegmentWhenTheActiveOneIsOlderThanSegmentMs()
    {
        final Object[] settings = {"store.segment.ms", HOUR, "store.retention.ms", 2 * HOUR};
        try (DurableRecordStore store = Stores.open(directory, clock, settings))
        {
            appendRange(store, "hello", "P", 0, 9);
            clock.advance(HOUR);
            appendRange(store, "hello", "P", 10, 19);
            clock.advance(2 * HOUR + 1);

            assertThat(store.enforceRetention()).isEqualTo(1);
            assertThat(store.first("hello", "P")).isEqualTo(10);
        }
    }

    @Test
    void shouldDeleteTheOldestSegmentsWhileAPartitionHoldsTooManyBytes()
    {
        final long limit = 10 * 4096;
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096,
            "store.retention.bytes", limit))
        {
            appendRange(store, "hello", "P", 0, 999);
            appendRange(store, "hello", "Q", 0, 9);

            assertThat(store.enforceRetention()).isPositive();
            assertThat(store.bytes("hello", "P")).isLessThanOrEqualTo(limit).isGreaterThan(limit - 2 * 4096);
            final long first = store.first("hello", "P");
            assertThat(first % PER_SEGMENT).isZero();
            assertThat(sequences(store, "hello", "P", first)).hasSize((int)(1000 - first));
            assertThat(store.head("hello", "P")).isEqualTo(999);
            assertThat(store.first("hello", "Q")).isZero();
            appendRange(store, "hello", "P", 1000, 1000);
            assertThat(store.head("hello", "P")).isEqualTo(1000);
        }
    }

    private static Map<String, Long> heads(final DurableRecordStore store)
    {
        final Map<String, Long> heads = new HashMap<>();
        store.forEachHead("hello", heads::put);
        return heads;
    }
}
