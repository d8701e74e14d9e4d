package io.dafka.store.durable;

import static io.dafka.store.durable.Stores.appendRange;
import static io.dafka.store.durable.Stores.sequences;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.store.RecordStore;

/** Recovery of torn and corrupt logs: cut at the last valid frame, counted, logged, never served as data. */
@Timeout(60)
class LogRecoveryTest
{
    private static final int FRAME = RecordFrame.size(100);

    @TempDir
    Path directory;

    @TempDir
    Path image;

    private final Stores.WallClock clock = new Stores.WallClock();

    @Test
    void shouldTruncateATornLastRecordAndCountIt() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            appendRange(store, "hello", "P", 0, 9);
        }
        final Path segment = Stores.segmentFiles(directory).get(0);
        truncate(segment, Files.size(segment) - 30); // the last write reached the disk only in part

        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            final RecoveryReport report = store.recoveryReport();
            assertThat(report.segmentsTruncated()).isEqualTo(1);
            assertThat(report.bytesTruncated()).isEqualTo(FRAME - 30);
            assertThat(report.recordsLost()).as("the index knew head 9").isEqualTo(1);
            assertThat(report.headsRepaired()).isEqualTo(1);
            assertThat(store.head("hello", "P")).isEqualTo(8);
            assertThat(sequences(store, "hello", "P", 0)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            appendRange(store, "hello", "P", 9, 10);
        }
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            assertThat(store.recoveryReport().repairedData()).isFalse();
            assertThat(sequences(store, "hello", "P", 0)).hasSize(11);
        }
    }

    @Test
    void shouldCutOnlyTheFlippedRecordAndKeepEverySegmentAfterIt() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            appendRange(store, "hello", "P", 0, 199);
        }
        final List<Path> segments = Stores.segmentFiles(directory);
        final long perSegment = (4096 - RecordFrame.SEGMENT_HEADER) / FRAME;
        Stores.flip(segments.get(1), RecordFrame.SEGMENT_HEADER + 3L * FRAME + RecordFrame.HEADER + 50); // a payload byte

        try (DurableRecordStore store = Stores.open(directory, clock, "store.recovery.scan", "all"))
        {
            final RecoveryReport report = store.recoveryReport();
            final long corrupt = perSegment + 3;
            assertThat(report.segmentsTruncated()).isEqualTo(1);
            assertThat(report.segmentsDeleted()).isZero();
            assertThat(report.recordsLost()).isEqualTo(1);
            assertThat(store.head("hello", "P")).isEqualTo(199);
            assertThat(Stores.gaps(store)).containsExactly(List.of(corrupt, corrupt));
            assertThat(sequences(store, "hello", "P", 0)).hasSize((int)corrupt).isSorted();
            assertThat(sequences(store, "hello", "P", corrupt + 1)).hasSize((int)(199 - corrupt));
            assertThat(Stores.segmentFiles(directory)).containsAll(segments);
        }
    }

    @Test
    void shouldNeverServeAFlippedByteInATrustedSegmentAndCutOnlyItAtTheNextStart() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            appendRange(store, "hello", "P", 0, 199);
        }
        final List<Path> segments = Stores.segmentFiles(directory);
        final long perSegment = (4096 - RecordFrame.SEGMENT_HEADER) / FRAME;
        Stores.flip(segments.get(0), RecordFrame.SEGMENT_HEADER + 5L * FRAME + 12); // a sequence byte of record 5

        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            assertThat(store.recoveryReport().segmentsTrusted()).isEqualTo(segments.size() - 1);
            assertThat(sequences(store, "hello", "P", 0)).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(sequences(store, "hello", "P", 3)).containsExactly(3L, 4L);
            assertThat(sequences(store, "hello", "P", perSegment)).as("later segments are intact").isNotEmpty();
            assertThat(store.corruptReads()).isEqualTo(1);
        }
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            assertThat(store.recoveryReport().segmentsTruncated()).isEqualTo(1);
            assertThat(store.recoveryReport().segmentsDeleted()).isZero();
            assertThat(store.recoveryReport().recordsLost()).isEqualTo(1);
            assertThat(store.head("hello", "P")).isEqualTo(199);
            assertThat(Stores.gaps(store)).containsExactly(List.of(5L, 5L));
            assertThat(sequences(store, "hello", "P", 0)).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(sequences(store, "hello", "P", 6)).hasSize(194);
        }
    }


    @Test
    void shouldRecoverFromTheImageACrashLeavesAndRepairTheIndex() throws IOException
    {
        final DurableRecordStore live = Stores.open(directory, clock, "store.segment.bytes", 4096);
        try
        {
            appendRange(live, "hello", "P", 0, 99);
            live.append("hello", "P", 100, Stores.record(100)); // staged, never flushed: not in the image
            Stores.crashImage(directory, image);
        }
        finally
        {
            live.close();
        }
        try (DurableRecordStore store = Stores.open(image, clock, "store.segment.bytes", 4096))
        {
            assertThat(store.recoveryReport().repairedData()).isFalse();
            assertThat(store.head("hello", "P")).isEqualTo(99);
            assertThat(sequences(store, "hello", "P", 0)).hasSize(100);
        }
    }

    @Test
    void shouldRemoveAPartitionWhoseOnlyRecordIsTorn() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            appendRange(store, "hello", "P", 0, 0);
        }
        final Path segment = Stores.segmentFiles(directory).get(0);
        truncate(segment, Files.size(segment) - 1);

        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            assertThat(store.recoveryReport().partitionsDropped()).isEqualTo(1);
            assertThat(store.head("hello", "P")).isEqualTo(RecordStore.NONE);
            appendRange(store, "hello", "P", 0, 1);
            assertThat(sequences(store, "hello", "P", 0)).containsExactly(0L, 1L);
        }
    }

    @Test
    void shouldLeaveADirectoryItCannotIdentifyAlone() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            appendRange(store, "hello", "P", 0, 3);
        }
        final Path partition = Stores.segmentFiles(directory).get(0).getParent();
        Files.write(partition.resolve(PartitionMeta.FILE_NAME), new byte[] {1, 2, 3});

        try (DurableRecordStore store = Stores.open(directory, clock))
        {
            assertThat(store.recoveryReport().partitionsSkipped()).isEqualTo(1);
            assertThat(store.head("hello", "P")).isEqualTo(RecordStore.NONE);
            assertThat(Stores.segmentFiles(directory)).hasSize(1);
        }
    }

    private static void truncate(final Path file, final long size) throws IOException
    {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
        {
            raw.setLength(size);
        }
    }
}
