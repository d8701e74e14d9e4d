package io.dafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A tiny run of the throughput workload against both systems: checks counts, not speed. */
class ThroughputBenchSmokeTest
{
    private static final int RECORDS = 2_000;

    @Test
    void everyRecordIsConsumedExactlyOnceOnBothSystems()
    {
        final ThroughputBench.Report report = ThroughputBench.run(new ThroughputBench.Options(RECORDS, 100, 1, 0));

        assertThat(report.kafka()).hasSize(1).allSatisfy(ThroughputBenchSmokeTest::exactlyOnce);
        assertThat(report.dafka()).hasSize(1).allSatisfy(ThroughputBenchSmokeTest::exactlyOnce);
        assertThat(report.markdown()).contains("| producer rec/s", "Dafka/Kafka");
    }

    private static void exactlyOnce(final ProducerConsumerTrial.Result result)
    {
        assertThat(result.sendErrors()).as("send errors").isZero();
        assertThat(result.consumed()).as("distinct records consumed").isEqualTo(RECORDS);
        assertThat(result.duplicates()).as("duplicates").isZero();
    }
}
