package io.dafka.store.durable;

import static io.dafka.store.durable.Stores.appendRange;
import static io.dafka.store.durable.Stores.config;
import static io.dafka.store.durable.Stores.record;
import static io.dafka.store.durable.Stores.sequences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.store.RecordStore;
import io.dafka.store.StoreWriteException;

/** A failing disk (full, I/O errors) never makes the store hold, serve or report more than is durable. */
class DiskFailureTest
{
    private static final String TOPIC = "disk";
    private static final String PARTITION = "P1";

    @TempDir
    Path directory;

    private final FaultyDisk disk = new FaultyDisk();

    @Test
    void shouldKeepTheDurableHeadWhenAnFsyncFails()
    {
        try (DurableRecordStore store = disk.open(directory, config()))
        {
            appendRange(store, TOPIC, PARTITION, 0, 9);
            disk.fail(DiskFaults.Operation.FORCE);
            for (long sequence = 10; sequence < 20; sequence++)
            {
                store.append(TOPIC, PARTITION, sequence, record(sequence));
            }

            assertThatThrownBy(store::flush).isInstanceOf(StoreWriteException.class)
                .hasMessageContaining("No space left on device").hasMessageContaining(directory.toString());
            assertThat(store.head(TOPIC, PARTITION)).isEqualTo(9);
            assertThat(sequences(store, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 9));
            assertThat(store.writeFailures()).isEqualTo(1);
        }
    }

    @Test
    void shouldTakeTheForgottenSequencesAgainOnceTheDiskWorks()
    {
        try (DurableRecordStore store = disk.open(directory, config()))
        {
            appendRange(store, TOPIC, PARTITION, 0, 9);
            disk.fill();
            store.append(TOPIC, PARTITION, 10, record(10));
            assertThatThrownBy(store::flush).isInstanceOf(StoreWriteException.class);
            disk.free();

            appendRange(store, TOPIC, PARTITION, 10, 19);

            assertThat(store.head(TOPIC, PARTITION)).isEqualTo(19);
            assertThat(sequences(store, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 19));
        }
        try (DurableRecordStore reopened = disk.open(directory, config("store.recovery.scan", "all")))
        {
            assertThat(reopened.recoveryReport().recordsLost()).isZero();
            assertThat(reopened.recoveryReport().segmentsTruncated()).isZero();
            assertThat(sequences(reopened, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 19));
        }
    }

    @Test
    void shouldDeleteTheSegmentsRolledInAFailedBatch() throws IOException
    {
        try (DurableRecordStore store = disk.open(directory, config("store.segment.bytes", 4096)))
        {
            appendRange(store, TOPIC, PARTITION, 0, 29); // 124-byte frames: 32 fit a 4 KiB segment
            final List<String> before = segmentFiles();
            disk.fail(DiskFaults.Operation.FORCE);
            for (long sequence = 30; sequence < 200; sequence++)
            {
                store.append(TOPIC, PARTITION, sequence, record(sequence)); // rolls several segments
            }
            assertThatThrownBy(store::flush).isInstanceOf(StoreWriteException.class);

            assertThat(segmentFiles()).isEqualTo(before);
            assertThat(store.head(TOPIC, PARTITION)).isEqualTo(29);
            disk.free();
            appendRange(store, TOPIC, PARTITION, 30, 199);
            assertThat(sequences(store, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 199));
        }
        try (DurableRecordStore reopened = disk.open(directory, config("store.recovery.scan", "all")))
        {
            assertThat(reopened.recoveryReport().repairedData()).isFalse();
            assertThat(sequences(reopened, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 199));
        }
    }

    @Test
    void shouldFailAnAppendThatCannotWriteAndForgetTheWholeBatch()
    {
        try (DurableRecordStore store = disk.open(directory, config()))
        {
            appendRange(store, TOPIC, PARTITION, 0, 9);
            appendRange(store, TOPIC, "P2", 0, 0);
            store.append(TOPIC, "P2", 1, record(1));
            disk.fail(DiskFaults.Operation.WRITE);
            final byte[] big = new byte[2 * 1024 * 1024]; // written at once: staging holds at most 1 MiB

            assertThatThrownBy(() -> store.append(TOPIC, PARTITION, 10, big)).isInstanceOf(StoreWriteException.class);
            store.flush(); // nothing left to flush

            assertThat(store.head(TOPIC, PARTITION)).isEqualTo(9);
            assertThat(store.head(TOPIC, "P2")).isZero();
        }
    }

    @Test
    void shouldNotKnowAPartitionWhoseCreationFailed()
    {
        try (DurableRecordStore store = disk.open(directory, config()))
        {
            disk.fill();

            assertThatThrownBy(() -> store.append(TOPIC, PARTITION, 0, record(0)))
                .isInstanceOf(StoreWriteException.class);

            assertThat(store.head(TOPIC, PARTITION)).isEqualTo(RecordStore.NONE);
            disk.free();
            appendRange(store, TOPIC, PARTITION, 0, 4);
            assertThat(sequences(store, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 4));
        }
    }

    private List<String> segmentFiles() throws IOException
    {
        try (Stream<Path> files = Files.walk(directory.resolve("partitions")))
        {
            return files.filter(path -> path.toString().endsWith(Segment.SUFFIX))
                .map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Long> range(final long from, final long to)
    {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
