package io.dafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code --only} selects. */
class BenchRunTest
{
    @Test
    void shouldFindEveryWorkloadByItsName()
    {
        for (final Workload workload : BenchRun.WORKLOADS)
        {
            assertThat(BenchRun.workload(workload.name())).containsSame(workload);
        }
        assertThat(BenchRun.WORKLOADS).extracting(Workload::name).containsExactly("throughput", "scaling", "latency",
            "first-record", "catch-up", "commit", "groups");
    }

    @Test
    void shouldStartDafkaWithCurveOnlyForTheThroughputAndLatencyWorkloads()
    {
        assertThat(BenchRun.WORKLOADS).filteredOn(Workload::comparesCurve).extracting(Workload::name)
            .containsExactly("throughput", "latency");
    }

    @Test
    void shouldTakeTheOldJeromqNameForTheThroughputWorkloadThatNowMeasuresTheReference()
    {
        assertThat(BenchRun.workload("jeromq")).hasValueSatisfying(workload ->
            assertThat(workload.name()).isEqualTo("throughput"));
        assertThat(BenchRun.workload("ceiling")).isEmpty();
    }
}
