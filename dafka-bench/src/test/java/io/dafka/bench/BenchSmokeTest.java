package io.dafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of every workload against every system: checks counts and the outputs, never speed. To keep the
 * build short it runs 100-byte values only and no scaling rows (the same trials with more producers, topics or
 * stores); {@code ./dafka bench --quick --only scaling} runs those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchSmokeTest
{
    private static final Scale TINY = new Scale(0, 1, List.of(100), 2_000, 500, 1_000, Duration.ofMillis(200),
        Duration.ofMillis(500), 20, 2_000, 20, List.of(), List.of());

    private final Results results = new Results(new PrintStream(OutputStream.nullOutputStream()));

    @BeforeAll
    void runEveryWorkloadOnce()
    {
        BenchRun.run(TINY, BenchRun.WORKLOADS, results);
    }

    @Test
    void shouldReceiveEveryRecordExactlyOnceInEveryTrial()
    {
        assertThat(results.trials()).isNotEmpty().allSatisfy(trial ->
        {
            assertThat(trial.outcome().errors()).as("send errors of %s", trial).isZero();
            assertThat(trial.outcome().duplicates()).as("duplicates of %s", trial).isZero();
            assertThat(trial.outcome().received()).as("distinct records of %s", trial)
                .isEqualTo(trial.outcome().expected()).isPositive();
        });
    }

    @Test
    void shouldRunEveryComparisonOnBothSystems()
    {
        final List<String> labels = results.trials().stream().map(trial -> trial.label() + "/" + trial.target())
            .distinct().toList();

        assertThat(labels).contains("throughput 100 B/Kafka default", "throughput 100 B/Kafka tuned",
            "throughput 100 B/Kafka durable", "throughput 100 B/Dafka", "throughput 100 B/JeroMQ reference",
            "latency 1,000 rec/s/Kafka default", "latency 1,000 rec/s/Dafka",
            "first record group/Kafka default", "first record group/Dafka", "first record no group/Kafka default",
            "first record no group/Dafka", "catch-up/Kafka default", "catch-up/Dafka",
            "ack latency 1,000 rec/s/Dafka acks=1", "ack latency 1,000 rec/s/Dafka acks=all, 2 stores",
            "commit/Kafka default", "commit/Dafka", "groups/Kafka default", "groups/Kafka tuned", "groups/Dafka");
    }

    @Test
    void shouldTimeEveryGroupStepFromItsStartToItsEnd()
    {
        assertThat(results.trials()).filteredOn(trial -> trial.label().equals("groups")).hasSize(3)
            .allSatisfy(trial ->
            {
                final Outcome outcome = trial.outcome();
                assertThat(outcome.figure("first")).as("first member of %s", trial).isPositive();
                assertThat(outcome.figure("join")).as("join of %s", trial).isPositive();
                assertThat(outcome.figure("leave")).as("leave of %s", trial).isPositive();
                assertThat(outcome.figure("p50")).as("commitSync p50 of %s", trial).isPositive()
                    .isLessThanOrEqualTo(outcome.figure("p99"));
            });
    }

    @Test
    void shouldWriteTheTableWithEveryFigureAndTheChart(@TempDir final Path directory) throws Exception
    {
        final Path png = directory.resolve("results.png");

        ResultsChart.write(results, "smoke", png);

        assertThat(results.markdown()).contains("median of per-round ratios", "producer, 100 B",
            "delivered, 100 B", "delivered and acked, 100 B", "Kafka tuned: ", "Kafka durable: ", "p99.9", "max",
            "Kafka with group.id", "Kafka without group.id", "new consumer reads all", "JeroMQ reference: ",
            "Dafka ACK latency",
            "acks=all, 2 stores: ", "commitSync x 20, one thread", "commitSync x 20, each of 4 threads", "commits/s",
            "groups: first member", "groups: join", "groups: leave", "groups: commitSync of 4 partitions x 20")
            .doesNotContain("NaN");
        assertThat(Usage.table(results.usage())).contains("bench JVM", "Dafka tower", "Dafka store 1");
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    }
}
