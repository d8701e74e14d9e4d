package io.dafka.store.durable;

import static io.dafka.store.durable.Stores.config;
import static io.dafka.store.durable.Stores.record;
import static io.dafka.store.durable.Stores.sequences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.store.RecordStore;
import io.dafka.store.StoreWriteException;

/** A store with more partitions and segments than store.open_files writes, serves and recovers all of them. */
class BoundedOpenFilesTest
{
    private static final String TOPIC = "many";
    private static final int PARTITIONS = 40;
    private static final int RECORDS = 100;
    private static final int OPEN_FILES = 4;

    @TempDir
    Path directory;

    @Test
    void shouldWriteServeAndRecoverEveryPartitionWithFewerOpenFilesThanSegments()
    {
        final DafkaConfig config = config("store.open_files", OPEN_FILES, "store.segment.bytes", 4096);
        try (DurableRecordStore store = DurableRecordStore.open(directory, config, System::currentTimeMillis, false))
        {
            for (long sequence = 0; sequence < RECORDS; sequence++)
            {
                for (int partition = 0; partition < PARTITIONS; partition++)
                {
                    store.append(TOPIC, "P" + partition, sequence, record(sequence));
                }
                store.flush();
                assertThat(store.openSegmentFiles()).isLessThanOrEqualTo(OPEN_FILES);
            }
            assertEveryPartitionServesEveryRecord(store);
            assertThat(store.openSegmentFiles()).isLessThanOrEqualTo(OPEN_FILES);
        }
        try (DurableRecordStore reopened = DurableRecordStore.open(directory,
            config("store.open_files", OPEN_FILES, "store.segment.bytes", 4096, "store.recovery.scan", "all"),
            System::currentTimeMillis, false))
        {
            assertThat(reopened.recoveryReport().recordsLost()).isZero();
            assertThat(reopened.recoveryReport().segmentsVerified()).isGreaterThanOrEqualTo(PARTITIONS * 3);
            assertThat(reopened.openSegmentFiles()).isLessThanOrEqualTo(OPEN_FILES);
            assertEveryPartitionServesEveryRecord(reopened);
            assertThat(reopened.scrub()).isZero();
            assertThat(reopened.openSegmentFiles()).isLessThanOrEqualTo(OPEN_FILES);
        }
    }

    @Test
    void shouldNotPublishABatchWhenTheFsyncOfAFileClosedToMakeRoomFailed()
    {
        final Set<Path> failedOnce = new HashSet<>();
        final Set<Path> forced = new HashSet<>();
        final Path[] failing = new Path[1];
        final DiskFaults firstForceFails = (operation, file) ->
        {
            if (operation != DiskFaults.Operation.FORCE)
            {
                return;
            }
            if (failing[0] == null)
            {
                failing[0] = file; // the first fsync: the header of P0's new segment, closed to make room
            }
            if (file.equals(failing[0]) && failedOnce.add(file))
            {
                throw new IOException("Input/output error (test disk)");
            }
            forced.add(file);
        };
        try (DurableRecordStore store = DurableRecordStore.open(directory, config("store.open_files", OPEN_FILES),
            System::currentTimeMillis, false, firstForceFails))
        {
            for (int partition = 0; partition < PARTITIONS; partition++)
            {
                store.append(TOPIC, "P" + partition, 0, record(0));
            }
            assertThat(failing[0]).isNotNull(); // closed before the flush: more new partitions than open files

            assertThatThrownBy(store::flush).isInstanceOf(StoreWriteException.class)
                .hasMessageContaining("Input/output error");
            assertThat(store.head(TOPIC, "P0")).isEqualTo(RecordStore.NONE);
            assertThat(store.writeFailures()).isEqualTo(1);

            for (int partition = 0; partition < PARTITIONS; partition++)
            {
                if (store.head(TOPIC, "P" + partition) == RecordStore.NONE)
                {
                    store.append(TOPIC, "P" + partition, 0, record(0));
                }
            }
            store.flush();
            assertThat(store.head(TOPIC, "P0")).isZero();
        }
        assertThat(forced).contains(failing[0]);
        try (DurableRecordStore reopened = DurableRecordStore.open(directory, config("store.open_files", OPEN_FILES,
            "store.recovery.scan", "all"), System::currentTimeMillis, false))
        {
            for (int partition = 0; partition < PARTITIONS; partition++)
            {
                assertThat(sequences(reopened, TOPIC, "P" + partition, 0)).containsExactly(0L);
            }
        }
    }

    private static void assertEveryPartitionServesEveryRecord(final DurableRecordStore store)
    {
        final List<Long> all = LongStream.range(0, RECORDS).boxed().toList();
        for (int partition = 0; partition < PARTITIONS; partition++)
        {
            assertThat(sequences(store, TOPIC, "P" + partition, 0)).as("P" + partition).containsExactlyElementsOf(all);
        }
    }
}
