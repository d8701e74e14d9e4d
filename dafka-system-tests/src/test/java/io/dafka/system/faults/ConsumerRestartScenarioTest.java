package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(180)
class ConsumerRestartScenarioTest
{
    @Test
    void shouldResumeExactlyAtTheLastCommittedOffsetAfterTheConsumerWasKilled() throws Exception
    {
        final ConsumerRestartScenario.Result result = new ConsumerRestartScenario().measure(Scale.QUICK);
        final Figure figure = result.figure();
        System.out.println(figure.line());

        assertThat(result.committed()).as("the killed consumer's commits survived SIGKILL")
            .isGreaterThanOrEqualTo(result.lastPrintedCommit()).isGreaterThanOrEqualTo(20_000 / 3);
        assertThat(result.firstAfterRestart()).as("the restarted consumer starts at the committed offset")
            .isEqualTo(result.committed());
        assertThat(result.belowCommitted()).as("nothing below the committed offset is delivered again").isZero();
        assertThat(result.redelivered()).as("redelivered = what the killed one received after its last commit")
            .isEqualTo(result.allowedRedelivered());
        assertThat(figure.lost()).as("no gap").isZero();
        assertThat(figure.clean()).as(figure.line()).isTrue();
    }
}
