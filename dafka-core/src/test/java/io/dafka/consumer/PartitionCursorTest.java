package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionCursorTest
{
    private static final int SWEEPS = 3;

    /** Delivered 0..9, holds 100..104: the gap is 10..99. */
    private static PartitionCursor cursorWithGap()
    {
        final PartitionCursor cursor = new PartitionCursor("t", "P", 9);
        for (long sequence = 100; sequence < 105; sequence++)
        {
            cursor.hold(sequence, new byte[] {(byte)sequence}, 100);
        }
        return cursor;
    }

    @Test
    void shouldSkipToTheLowestHeldRecordOnceTheGapStalledWhileAStoreAnsweredBeyondIt()
    {
        final PartitionCursor cursor = cursorWithGap();
        assertThat(cursor.skipGapIfGone(SWEEPS)).isZero(); // the first sweep notes where the gap stands
        cursor.answeredBeyondGap = true; // then a store answers the FETCH from record 100

        for (int sweep = 1; sweep < SWEEPS; sweep++)
        {
            assertThat(cursor.skipGapIfGone(SWEEPS)).as("stalled sweep %d", sweep).isZero();
        }
        assertThat(cursor.skipGapIfGone(SWEEPS)).isEqualTo(90);
        assertThat(cursor.last).isEqualTo(99);
        assertThat(cursor.takeNext()).containsExactly((byte)100);
    }

    @Test
    void shouldNeverSkipAGapNoStoreAnsweredBeyond()
    {
        final PartitionCursor cursor = cursorWithGap();

        for (int sweep = 0; sweep < 10 * SWEEPS; sweep++)
        {
            assertThat(cursor.skipGapIfGone(SWEEPS)).isZero();
        }
        assertThat(cursor.last).isEqualTo(9);
    }

    @Test
    void shouldStartCountingAgainWhenTheGapProgresses()
    {
        final PartitionCursor cursor = cursorWithGap();
        cursor.skipGapIfGone(SWEEPS);
        cursor.answeredBeyondGap = true;
        for (int sweep = 1; sweep < SWEEPS; sweep++)
        {
            cursor.skipGapIfGone(SWEEPS);
        }

        cursor.last = 20; // records 10..20 arrived: the gap is being filled
        cursor.answeredBeyondGap = true;
        assertThat(cursor.skipGapIfGone(SWEEPS)).isZero();
        assertThat(cursor.answeredBeyondGap).as("earlier evidence is dropped with progress").isFalse();
        assertThat(cursor.last).isEqualTo(20);
    }
}
