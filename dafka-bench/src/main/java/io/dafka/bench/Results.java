package io.dafka.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run's figures: every trial's outcome as it comes (with a progress line), and the rows of the final table. Each
 * row sets a candidate (Dafka, or a setting of one system) against a baseline (a Kafka row, another setting of the
 * same system, or the JeroMQ reference), both measured in the same rounds: its ratio is the median of the per-round ratios
 * (candidate of round i / baseline of round i), shown with their minimum and maximum.
 */
final class Results
{
    /** One trial as it ran. */
    record TrialRecord(String label, String target, boolean warmUp, Outcome outcome)
    {
    }

    /** What a row's baseline is. */
    enum Kind
    {
        /** Kafka (one of its rows) against Dafka. */
        KAFKA,
        /** Two settings of one system (e.g. Dafka with 1 and 2 stores). */
        SETTINGS,
        /** The JeroMQ reference against Dafka: how much of what the transport moved, like for like, Dafka moves. */
        REFERENCE
    }

    /**
     * A row of the table: one figure of a baseline and a candidate, one value per measured round each.
     *
     * @param higherIsBetter true for rates, false for times
     * @param budget         the highest acceptable candidate/baseline ratio, or NaN for none
     */
    record Row(Kind kind, String workload, String figure, String unit, boolean higherIsBetter, String baselineName,
               List<Double> baseline, String candidateName, List<Double> candidate, double budget)
    {
        Row
        {
            if (baseline.size() != candidate.size())
            {
                throw new IllegalArgumentException("rounds differ: " + baselineName + " " + baseline.size() + ", "
                    + candidateName + " " + candidate.size());
            }
            baseline = List.copyOf(baseline);
            candidate = List.copyOf(candidate);
        }

        /** Candidate / baseline of each round, in round order. */
        List<Double> ratios()
        {
            final List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < baseline.size(); i++)
            {
                ratios.add(candidate.get(i) / baseline.get(i));
            }
            return ratios;
        }

        /** The median of the per-round ratios. */
        double ratio()
        {
            return median(ratios());
        }

        double minRatio()
        {
            return ratios().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double maxRatio()
        {
            return ratios().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private final PrintStream progress;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicInteger topics = new AtomicInteger();
    private final List<TrialRecord> trials = Collections.synchronizedList(new ArrayList<>());
    private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());
    private final List<Usage.Sample> usage = Collections.synchronizedList(new ArrayList<>());

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

    /** Adds a row setting Dafka's figure {@code key} against that of a Kafka row, round by round. */
    void compare(final String workload, final String figure, final String unit, final boolean higherIsBetter,
                 final String kafkaName, final List<Outcome> kafka, final List<Outcome> dafka, final String key)
    {
        rows.add(new Row(Kind.KAFKA, workload, figure, unit, higherIsBetter, kafkaName, values(kafka, key), "Dafka",
            values(dafka, key), Double.NaN));
    }

    /** Adds a row setting the named figure of two settings of one system side by side. */
    void versus(final String workload, final String figure, final String unit, final boolean higherIsBetter,
                final String baselineName, final List<Outcome> baseline, final String candidateName,
                final List<Outcome> candidate, final double budget, final String key)
    {
        rows.add(new Row(Kind.SETTINGS, workload, figure, unit, higherIsBetter, baselineName, values(baseline, key),
            candidateName, values(candidate, key), budget));
    }

    /** Adds a row setting Dafka's rate against the JeroMQ reference's, both measured in the same rounds. */
    void reference(final String workload, final String figure, final String unit, final List<Outcome> reference,
                   final List<Outcome> dafka, final String key)
    {
        rows.add(new Row(Kind.REFERENCE, workload, figure, unit, true, "JeroMQ reference", values(reference, key),
            "Dafka", values(dafka, key), Double.NaN));
    }

    /** Adds what the machine did during a workload. */
    void usage(final Usage.Sample sample)
    {
        usage.add(sample);
    }

    List<Usage.Sample> usage()
    {
        return List.copyOf(usage);
    }

    List<Row> rows()
    {
        return List.copyOf(rows);
    }

    /** The Markdown table: workload | figure | baseline | Dafka | ratio. */
    String markdown()
    {
        return table(rows());
    }

    /** The Markdown table of {@code rows}: medians of each side, and the median of the per-round ratios. */
    static String table(final List<Row> rows)
    {
        final StringBuilder out = new StringBuilder("| workload | figure | baseline: median | candidate: median | "
            + "candidate/baseline: median of per-round ratios (min–max) |\n|---|---|---:|---:|---:|\n");
        for (final Row row : rows)
        {
            out.append("| ").append(row.workload())
                .append(" | ").append(row.figure()).append(", ").append(row.unit())
                .append(row.higherIsBetter() ? " (higher is better)" : " (lower is better)")
                .append(" | ").append(row.baselineName()).append(": ").append(number(median(row.baseline())))
                .append(" | ").append(row.candidateName()).append(": ").append(number(median(row.candidate())))
                .append(" | ").append(ratioCell(row)).append(" |\n");
        }
        return out.toString();
    }

    /** {@code 0.88 (0.75–1.21)}, or as a percentage of the reference, with the budget's verdict if there is one. */
    static String ratioCell(final Row row)
    {
        final String cell = row.kind() == Kind.REFERENCE
            ? String.format(Locale.ROOT, "%.1f %% (%.1f–%.1f %%)", 100 * row.ratio(), 100 * row.minRatio(),
                100 * row.maxRatio())
            : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", row.ratio(), row.minRatio(), row.maxRatio());
        return Double.isNaN(row.budget()) ? cell : cell + String.format(Locale.ROOT, "; budget %.2f%s", row.budget(),
            row.ratio() <= row.budget() ? "" : ": OVER");
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
