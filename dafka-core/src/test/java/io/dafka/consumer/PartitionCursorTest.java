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

    @Test
    void shouldCountAHeadBelowTheHighestDeliveredSequenceAsARegression()
    {
        final PartitionCursor cursor = deliveredUpTo(14);

        assertThat(cursor.regressedBy(9)).isTrue();
        assertThat(cursor.regressedBy(13)).isTrue();
        assertThat(cursor.regressions()).isEqualTo(2);
    }

    @Test
    void shouldAcceptHeadsAtOrAboveTheHighestDeliveredSequence()
    {
        final PartitionCursor cursor = deliveredUpTo(14);

        assertThat(cursor.regressedBy(14)).isFalse();
        assertThat(cursor.regressedBy(20)).isFalse();
        assertThat(new PartitionCursor("t", "P", -1).regressedBy(0)).as("nothing delivered yet").isFalse();
        assertThat(cursor.regressions()).isZero();
    }

    @Test
    void shouldStillDetectARegressionAfterSeekingBack()
    {
        final PartitionCursor cursor = deliveredUpTo(14);
        cursor.reposition(0); // the application reads again: the producer's head is still at 14 or beyond

        assertThat(cursor.regressedBy(9)).isTrue();
    }

    @Test
    void shouldNotTakeASeekForwardForADeliveredSequence()
    {
        final PartitionCursor cursor = deliveredUpTo(4);
        cursor.reposition(100); // nothing at 5..99 was delivered: a head of 9 says nothing

        assertThat(cursor.regressedBy(9)).isFalse();
    }

    @Test
    void shouldLogTheFirstRegressionAtOnceThenAtMostOncePerInterval()
    {
        final PartitionCursor cursor = deliveredUpTo(14);

        assertThat(cursor.regressionLogDue(1_000, 60_000)).isTrue();
        assertThat(cursor.regressionLogDue(1_001, 60_000)).isFalse();
        assertThat(cursor.regressionLogDue(60_999, 60_000)).isFalse();
        assertThat(cursor.regressionLogDue(61_000, 60_000)).isTrue();
    }

    private static PartitionCursor deliveredUpTo(final long sequence)
    {
        final PartitionCursor cursor = new PartitionCursor("t", "P", -1);
        for (long next = 0; next <= sequence; next++)
        {
            cursor.delivered(next);
        }
        return cursor;
    }
}
