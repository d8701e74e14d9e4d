package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(180)
class SlowConsumerScenarioTest
{
    @Test
    void shouldDeliverEveryRecordOnceAndInOrderAfterTheConsumerStalledAndTheWireDroppedRecords() throws Exception
    {
        final SlowConsumerScenario.Result result = new SlowConsumerScenario().measure(Scale.QUICK);
        final Figure figure = result.figure();
        System.out.println(figure.line());

        assertThat(result.fetches()).as("the stalled consumer missed records on the wire and fetched them")
            .isPositive();
        assertThat(result.servedByStore()).as("the store served the missed records").isPositive();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(result.unackedAfterFlush()).as("the producer holds nothing for a stalled consumer").isZero();
        assertThat(result.peakUnacked()).as("the producer holds at most its window of unacknowledged records")
            .isLessThanOrEqualTo(SlowConsumerScenario.WINDOW + 500);
    }
}
