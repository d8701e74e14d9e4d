package io.dafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Load flagging and CPU bookkeeping on made-up samples. */
class UsageTest
{
    private static Usage.Sample sample(final double before, final double after)
    {
        return new Usage.Sample("throughput", 12.5, before, after, Map.of("bench JVM", 20.25));
    }

    @Test
    void shouldFlagARunWhoseLoadPassedTheCoreCountBeforeOrAfterAnyWorkload()
    {
        final List<Usage.Sample> quiet = List.of(sample(0.5, 1.9), sample(1.2, 2.0));
        final List<Usage.Sample> loaded = List.of(sample(0.5, 1.0), sample(2.1, 1.0));

        assertThat(Usage.loaded(quiet, 2)).isFalse();
        assertThat(Usage.warning(quiet, 2)).isEmpty();
        assertThat(Usage.loaded(loaded, 2)).isTrue();
        assertThat(Usage.warning(loaded, 2)).startsWith("**LOADED RUN**: the load average reached 2.1 on 2 cores");
    }

    @Test
    void shouldNotFlagARunWhoseLoadCouldNotBeRead()
    {
        assertThat(Usage.loaded(List.of(sample(Double.NaN, Double.NaN)), 2)).isFalse();
    }

    @Test
    void shouldCountCpuSpentBetweenReadingsFromZeroForAProcessStartedMeanwhileAndLeaveOutOneStoppedBefore()
    {
        final Map<String, Double> spent = Usage.spent(Map.of("bench JVM", 10.0, "Dafka store 1", 3.0),
            Map.of("bench JVM", 12.5, "Dafka store 1", 3.0, "Dafka store 2", 1.5));

        assertThat(spent).containsExactlyInAnyOrderEntriesOf(Map.of("bench JVM", 2.5, "Dafka store 2", 1.5));
    }

    @Test
    void shouldReadThisJvmsOwnCpuTime()
    {
        assertThat(Usage.cpuSeconds(ProcessHandle.current().pid())).hasValueSatisfying(seconds ->
            assertThat(seconds).isPositive());
    }

    @Test
    void shouldRenderOneLineAWorkloadWithLoadAndCpu()
    {
        assertThat(Usage.table(List.of(sample(1.0, 3.25)))).contains(
            "| workload | wall time, s | load average before → after | CPU time, s |",
            "| throughput | 12.5 | 1.00 → 3.25 | bench JVM 20.3 |");
    }
}
