package io.dafka.store.durable;

import static io.dafka.store.durable.Stores.appendRange;
import static io.dafka.store.durable.Stores.gaps;
import static io.dafka.store.durable.Stores.record;
import static io.dafka.store.durable.Stores.sequences;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage found while the store runs (by a read or the scrub) is cut out of the live log, becomes a gap, and is
 * filled from what peers send; no intact segment is deleted, no restart is needed.
 */
class DamageRepairTest
{
    private static final String TOPIC = "hello";
    private static final String PARTITION = "P";
    private static final int FRAME = RecordFrame.size(100);
    private static final long PER_SEGMENT = (4096 - RecordFrame.SEGMENT_HEADER) / FRAME;

    @TempDir
    Path directory;

    private final Stores.WallClock clock = new Stores.WallClock();

    @Test
    void shouldCutDamageAReadFindsIntoAGapAndFillItWithoutARestart() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            appendRange(store, TOPIC, PARTITION, 0, 199);
            final List<Path> segments = Stores.segmentFiles(directory);
            final long damaged = PER_SEGMENT + 10;
            Stores.flip(segments.get(1), RecordFrame.SEGMENT_HEADER + 10L * FRAME + RecordFrame.HEADER + 40, 16);

            assertThat(sequences(store, TOPIC, PARTITION, 0)).hasSize((int)damaged);
            final List<String> cuts = new ArrayList<>();
            store.cutDamage((subject, partition, head, lost) -> cuts.add(subject + "/" + partition + " head=" + head +
                " lost=" + lost));

            assertThat(cuts).containsExactly("hello/P head=199 lost=1");
            assertThat(gaps(store)).containsExactly(List.of(damaged, damaged));
            assertThat(Stores.segmentFiles(directory)).containsAll(segments);
            assertThat(sequences(store, TOPIC, PARTITION, damaged + 1)).hasSize((int)(199 - damaged));

            assertThat(store.fill(TOPIC, PARTITION, damaged + 1, record(damaged + 1))).as("not missing").isFalse();
            assertThat(store.fill(TOPIC, PARTITION, damaged, record(damaged))).isTrue();
            store.flush();

            assertThat(gaps(store)).isEmpty();
            assertThat(sequences(store, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 199));
        }
        try (DurableRecordStore reopened = Stores.open(directory, clock, "store.recovery.scan", "all"))
        {
            assertThat(reopened.recoveryReport().repairedData()).isFalse();
            assertThat(sequences(reopened, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 199));
        }
    }

    @Test
    void shouldFindDamageInASealedSegmentByScrubbing() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096,
            "store.scrub.rate", 1L << 30))
        {
            appendRange(store, TOPIC, PARTITION, 0, 199);
            Stores.flip(Stores.segmentFiles(directory).get(2), RecordFrame.SEGMENT_HEADER + 2L * FRAME + 8); // a sequence

            assertThat(store.scrub()).isEqualTo(1);
            store.cutDamage((subject, partition, head, lost) ->
            {
            });

            assertThat(gaps(store)).containsExactly(List.of(2 * PER_SEGMENT + 2, 2 * PER_SEGMENT + 2));
            assertThat(store.scrub()).as("nothing else is damaged").isZero();
            assertThat(store.scrubbedSegments()).isPositive();
        }
    }

    @Test
    void shouldFindDamageInTheNewestSegmentByScrubbingItsPublishedRecords() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096,
            "store.scrub.rate", 1L << 30))
        {
            appendRange(store, TOPIC, PARTITION, 0, 39);
            final List<Path> segments = Stores.segmentFiles(directory);
            assertThat(segments).hasSize(2);
            Stores.flip(segments.get(1), RecordFrame.SEGMENT_HEADER + 3L * FRAME + RecordFrame.HEADER + 50, 16);

            assertThat(store.scrub()).as("no consumer read the newest segment: the scrub finds it").isEqualTo(1);
            store.cutDamage((subject, partition, head, lost) ->
            {
            });

            assertThat(gaps(store)).containsExactly(List.of(PER_SEGMENT + 3, PER_SEGMENT + 3));
            assertThat(store.scrub()).as("nothing else is damaged").isZero();
        }
    }

    @Test
    void shouldNotReportTheNewestSegmentDamagedWhileRecordsAreAppendedToIt() throws Exception
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 1 << 20,
            "store.scrub.rate", 1L << 30))
        {
            final AtomicInteger damaged = new AtomicInteger();
            final AtomicBoolean appending = new AtomicBoolean(true);
            final Thread scrubbing = new Thread(() ->
            {
                while (appending.get())
                {
                    damaged.addAndGet(store.scrub());
                }
            });
            scrubbing.start();
            for (long sequence = 0; sequence < 2_000; sequence++)
            {
                store.append(TOPIC, PARTITION, sequence, record(sequence));
                if (sequence % 10 == 9)
                {
                    store.flush();
                }
            }
            appending.set(false);
            scrubbing.join();

            assertThat(store.scrubbedSegments()).as("the scrub ran during the appends").isPositive();
            assertThat(damaged).as("intact records are never reported damaged").hasValue(0);
        }
    }

    @Test
    void shouldMoveTheHeadBackWhenDamageEndsTheNewestSegment() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            appendRange(store, TOPIC, PARTITION, 0, 39);
            final List<Path> segments = Stores.segmentFiles(directory);
            final long newestBase = PER_SEGMENT;
            Stores.flip(segments.get(1), RecordFrame.SEGMENT_HEADER + 7L * FRAME + RecordFrame.HEADER + 1);
            assertThat(sequences(store, TOPIC, PARTITION, newestBase)).hasSize(7);

            final long[] headAfter = {-2};
            store.cutDamage((subject, partition, head, lost) -> headAfter[0] = head);

            assertThat(headAfter[0]).as("the last record was damaged: nothing follows it").isEqualTo(newestBase + 6);
            assertThat(store.head(TOPIC, PARTITION)).isEqualTo(newestBase + 6);
            assertThat(gaps(store)).isEmpty();
            appendRange(store, TOPIC, PARTITION, newestBase + 7, 39); // the writer fetches them again
            assertThat(sequences(store, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 39));
        }
    }

    @Test
    void shouldKeepIntactRecordsAfterDamageInTheNewestSegment() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096))
        {
            appendRange(store, TOPIC, PARTITION, 0, 39);
            final long newestBase = PER_SEGMENT;
            Stores.flip(Stores.segmentFiles(directory).get(1), RecordFrame.SEGMENT_HEADER + 2L * FRAME + 4, 4); // length
            assertThat(sequences(store, TOPIC, PARTITION, newestBase)).hasSize(2);

            store.cutDamage((subject, partition, head, lost) ->
            {
            });
            appendRange(store, TOPIC, PARTITION, 40, 44);

            assertThat(gaps(store)).containsExactly(List.of(newestBase + 2, newestBase + 2));
            assertThat(sequences(store, TOPIC, PARTITION, newestBase + 3)).containsExactlyElementsOf(range(newestBase + 3,
                44));
            assertThat(store.fill(TOPIC, PARTITION, newestBase + 2, record(newestBase + 2))).isTrue();
            store.flush();
            assertThat(gaps(store)).isEmpty();
            assertThat(sequences(store, TOPIC, PARTITION, 0)).containsExactlyElementsOf(range(0, 44));
        }
    }

    @Test
    void shouldServePastAGapOnlyOnceNoPeerFilledItWithinTheRepairTimeout() throws IOException
    {
        try (DurableRecordStore store = Stores.open(directory, clock, "store.segment.bytes", 4096,
            "store.repair.timeout", 30_000))
        {
            appendRange(store, TOPIC, PARTITION, 0, 99);
            Stores.flip(Stores.segmentFiles(directory).get(0), RecordFrame.SEGMENT_HEADER + 5L * FRAME + 60, 3);
            assertThat(store.scrub()).isEqualTo(1);
            store.cutDamage((subject, partition, head, lost) ->
            {
            });

            assertThat(store.resumeAt(TOPIC, PARTITION, 5)).as("still being repaired").isEqualTo(5);
            assertThat(store.resumeAt(TOPIC, PARTITION, 3)).isEqualTo(3);
            clock.advance(30_000);
            assertThat(store.resumeAt(TOPIC, PARTITION, 5)).as("given up: serve what follows").isEqualTo(6);
            assertThat(store.resumeAt(TOPIC, PARTITION, 3)).isEqualTo(3);
        }
    }

    private static List<Long> range(final long from, final long to)
    {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
