package io.dafka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The paired-ratio arithmetic and the table, on made-up figures. */
class ResultsTest
{
    private static Results.Row row(final List<Double> kafka, final List<Double> dafka)
    {
        return new Results.Row(Results.Kind.KAFKA, "throughput", "delivered, 100 B", "rec/s", true, "Kafka tuned",
            kafka, "Dafka", dafka, Double.NaN);
    }

    @Test
    void shouldTakeTheMedianOfPerRoundRatiosNotTheRatioOfMedians()
    {
        // per round 3.0, 0.4 and 0.5: median 0.5; the ratio of the medians (4 / 10) would be 0.4
        final Results.Row row = row(List.of(1.0, 10.0, 100.0), List.of(3.0, 4.0, 50.0));

        assertThat(row.ratios()).containsExactly(3.0, 0.4, 0.5);
        assertThat(row.ratio()).isEqualTo(0.5);
        assertThat(row.minRatio()).isEqualTo(0.4);
        assertThat(row.maxRatio()).isEqualTo(3.0);
        assertThat(Results.median(row.candidate()) / Results.median(row.baseline())).isEqualTo(0.4);
    }

    @Test
    void shouldTakeTheMeanOfTheMiddleTwoRatiosForAnEvenNumberOfRounds()
    {
        final Results.Row row = row(List.of(1.0, 1.0, 1.0, 1.0), List.of(1.0, 2.0, 4.0, 8.0));

        assertThat(row.ratio()).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void shouldRefuseRowsWhoseSidesHaveDifferentNumbersOfRounds()
    {
        assertThatThrownBy(() -> row(List.of(1.0, 2.0), List.of(1.0)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounds differ");
    }

    @Test
    void shouldRenderMediansAndThePairedRatioWithItsRange()
    {
        final String table = Results.table(List.of(row(List.of(100_000.0, 200_000.0, 150_000.0),
            List.of(150_000.0, 200_000.0, 300_000.0))));

        assertThat(table).contains("| workload | figure | baseline: median | candidate: median | "
            + "candidate/baseline: median of per-round ratios (min–max) |");
        assertThat(table).contains("| throughput | delivered, 100 B, rec/s (higher is better) | Kafka tuned: 150,000 "
            + "| Dafka: 200,000 | 1.50 (1.00–2.00) |");
    }

    @Test
    void shouldRenderTheReferenceAsAPercentageAndABudgetWithItsVerdict()
    {
        final Results.Row reference = new Results.Row(Results.Kind.REFERENCE, "throughput", "delivered", "rec/s",
            true, "JeroMQ reference", List.of(1_000.0, 1_000.0), "Dafka", List.of(100.0, 300.0), Double.NaN);
        final Results.Row over = new Results.Row(Results.Kind.SETTINGS, "ack", "p50", "ms", false, "acks=1",
            List.of(1.0), "acks=all", List.of(2.0), 1.5);

        assertThat(Results.ratioCell(reference)).isEqualTo("20.0 % (10.0–30.0 %)");
        assertThat(Results.ratioCell(over)).isEqualTo("2.00 (2.00–2.00); budget 1.50: OVER");
    }

    @Test
    void shouldPairOutcomesByRoundWhenComparing()
    {
        final Results results = new Results(new PrintStream(OutputStream.nullOutputStream()));
        final List<Outcome> kafka = List.of(outcome(10), outcome(20));
        final List<Outcome> dafka = List.of(outcome(30), outcome(20));

        results.compare("w", "f", "rec/s", true, "Kafka default", kafka, dafka, "rate");

        assertThat(results.rows()).singleElement().satisfies(row ->
        {
            assertThat(row.ratios()).containsExactly(3.0, 1.0);
            assertThat(row.baselineName()).isEqualTo("Kafka default");
        });
    }

    private static Outcome outcome(final double rate)
    {
        return new Outcome(Map.of("rate", rate), 1, 1, 0, 0);
    }
}
