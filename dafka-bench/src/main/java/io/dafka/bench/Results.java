package io.dafka.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run's figures: every trial's outcome as it comes (with a progress line), and the rows of the final table:
 * Kafka against Dafka (medians and the Dafka/Kafka ratio) or a transport ceiling against a Dafka figure.
 */
final class Results
{
    /** One trial as it ran. */
    record TrialRecord(String label, String target, boolean warmUp, Outcome outcome)
    {
    }

    /** A row of the table. */
    sealed interface Row permits Comparison, Ceiling, Versus
    {
        String workload();

        String figure();
    }

    /**
     * Kafka's and Dafka's values of one figure (one per measured trial).
     *
     * @param higherIsBetter true for rates, false for times
     */
    record Comparison(String workload, String figure, String unit, boolean higherIsBetter, List<Double> kafka,
                      List<Double> dafka) implements Row
    {
        double kafkaMedian()
        {
            return median(kafka);
        }

        double dafkaMedian()
        {
            return median(dafka);
        }

        double ratio()
        {
            return dafkaMedian() / kafkaMedian();
        }
    }

    /**
     * A ceiling no system on this transport can pass (one value per trial), and the Dafka figure that it bounds.
     *
     * @param bounded the {@link Comparison#figure()} whose Dafka median is set against the ceiling
     */
    record Ceiling(String workload, String figure, String unit, List<Double> ceiling, String bounded) implements Row
    {
        double median()
        {
            return Results.median(ceiling);
        }
    }

    /**
     * Two settings of Dafka measured side by side (one value per trial), e.g. {@code acks=1} and {@code acks=all}.
     *
     * @param budget the highest acceptable candidate/baseline ratio, or NaN for none
     */
    record Versus(String workload, String figure, String unit, String baselineName, List<Double> baseline,
                  String candidateName, List<Double> candidate, double budget) implements Row
    {
        double ratio()
        {
            return median(candidate) / median(baseline);
        }
    }

    private final PrintStream progress;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicInteger topics = new AtomicInteger();
    private final List<TrialRecord> trials = Collections.synchronizedList(new ArrayList<>());
    private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());

    /** @param progress where progress lines go */
    Results(final PrintStream progress)
    {
        this.progress = progress;
    }

    /** A topic name no other trial of this or an earlier run used. */
    String newTopic(final String label)
    {
        return "bench-" + run + "-" + label.replaceAll("[^A-Za-z0-9]+", "-") + "-" + topics.incrementAndGet();
    }

    void progress(final String line)
    {
        progress.println("[bench] " + line);
        progress.flush();
    }

    void record(final String label, final String target, final boolean warmUp, final Outcome outcome)
    {
        trials.add(new TrialRecord(label, target, warmUp, outcome));
    }

    /** Every trial run so far, warm-ups included. */
    List<TrialRecord> trials()
    {
        return List.copyOf(trials);
    }

    /** True when every trial received all its records exactly once. */
    boolean complete()
    {
        return trials().stream().allMatch(trial -> trial.outcome().complete());
    }

    /** Adds a row comparing the named figure of Kafka's and Dafka's outcomes. */
    void compare(final String workload, final String figure, final String unit, final boolean higherIsBetter,
                 final List<Outcome> kafka, final List<Outcome> dafka, final String key)
    {
        rows.add(new Comparison(workload, figure, unit, higherIsBetter, values(kafka, key), values(dafka, key)));
    }

    /** Adds a row setting the named figure of two Dafka settings side by side (lower is better). */
    void versus(final String workload, final String figure, final String unit, final String baselineName,
                final List<Outcome> baseline, final String candidateName, final List<Outcome> candidate,
                final double budget, final String key)
    {
        rows.add(new Versus(workload, figure, unit, baselineName, values(baseline, key), candidateName,
            values(candidate, key), budget));
    }

    /** Adds a ceiling row from the named figure of the outcomes. */
    void ceiling(final String workload, final String figure, final String unit, final List<Outcome> outcomes,
                 final String key, final String bounded)
    {
        rows.add(new Ceiling(workload, figure, unit, values(outcomes, key), bounded));
    }

    List<Row> rows()
    {
        return List.copyOf(rows);
    }

    /** The comparison row of that figure, if one was measured. */
    Optional<Comparison> comparison(final String figure)
    {
        return rows().stream()
            .filter(Comparison.class::isInstance)
            .map(Comparison.class::cast)
            .filter(row -> row.figure().equals(figure))
            .findFirst();
    }

    /** The Markdown table of medians: figure | Kafka | Dafka | Dafka/Kafka. */
    String markdown()
    {
        final StringBuilder out = new StringBuilder("| workload | figure | Kafka | Dafka | Dafka/Kafka |\n")
            .append("|---|---|---:|---:|---:|\n");
        for (final Row row : rows())
        {
            out.append("| ").append(row.workload()).append(" | ");
            if (row instanceof Comparison c)
            {
                out.append(c.figure()).append(", ").append(c.unit())
                    .append(c.higherIsBetter() ? " (higher is better)" : " (lower is better)")
                    .append(" | ").append(number(c.kafkaMedian()))
                    .append(" | ").append(number(c.dafkaMedian()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", c.ratio())).append(" |\n");
            }
            else if (row instanceof Versus v)
            {
                out.append(v.figure()).append(", ").append(v.unit()).append(" (lower is better)")
                    .append(" | ").append(v.baselineName()).append(": ").append(number(median(v.baseline())))
                    .append(" | ").append(v.candidateName()).append(": ").append(number(median(v.candidate())))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", v.ratio()))
                    .append(Double.isNaN(v.budget()) ? "" : String.format(Locale.ROOT, " (%s/%s; budget %.2f%s)",
                        v.candidateName(), v.baselineName(), v.budget(), v.ratio() <= v.budget() ? "" : ": OVER"))
                    .append(" |\n");
            }
            else if (row instanceof Ceiling c)
            {
                final Optional<Comparison> bounded = comparison(c.bounded());
                out.append(c.figure()).append(", ").append(c.unit()).append(" (Dafka: ").append(c.bounded()).append(")")
                    .append(" | ceiling ").append(number(c.median()))
                    .append(" | ").append(bounded.map(b -> number(b.dafkaMedian())).orElse("not measured"))
                    .append(" | ").append(bounded.map(b -> String.format(Locale.ROOT, "%.1f %% of ceiling",
                        100 * b.dafkaMedian() / c.median())).orElse("–")).append(" |\n");
            }
        }
        return out.toString();
    }

    static List<Double> values(final List<Outcome> outcomes, final String key)
    {
        return outcomes.stream().map(outcome -> outcome.figure(key)).toList();
    }

    static double median(final List<Double> values)
    {
        if (values.isEmpty())
        {
            return Double.NaN;
        }
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** About three significant digits, thousands separated. */
    static String number(final double value)
    {
        final double magnitude = Math.abs(value);
        final String format = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }
}
