package io.dafka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The results as a PNG bar chart (XChart): one bar per table row, the median of its per-round ratios (rates, times,
 * and Dafka as a fraction of the JeroMQ reference), with a line at 1 (the baseline).
 */
final class ResultsChart
{
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 640;

    private ResultsChart()
    {
    }

    /** Writes the chart of {@code results} to {@code file} (a {@code .png}). */
    static void write(final Results results, final String title, final Path file)
    {
        if (System.getProperty("java.awt.headless") == null)
        {
            System.setProperty("java.awt.headless", "true");
        }
        final List<String> labels = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();
        final List<Double> times = new ArrayList<>();
        final List<Double> references = new ArrayList<>();
        for (final Results.Row row : results.rows())
        {
            labels.add(label(row));
            final boolean reference = row.kind() == Results.Kind.REFERENCE;
            rates.add(!reference && row.higherIsBetter() ? row.ratio() : null);
            times.add(!reference && !row.higherIsBetter() ? row.ratio() : null);
            references.add(reference ? row.ratio() : null);
        }
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("").yAxisTitle("ratio").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setToolTipsEnabled(false);
        if (!labels.isEmpty())
        {
            chart.addSeries("candidate/baseline, rate (higher is better)", labels, rates);
            chart.addSeries("candidate/baseline, time (lower is better)", labels, times);
            chart.addSeries("Dafka / JeroMQ reference", labels, references);
            final CategorySeries one = chart.addSeries("baseline = 1", labels,
                Collections.nCopies(labels.size(), 1.0));
            one.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        }
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The workload's first words, the figure, the candidate unless it is Dafka, and the baseline, e.g.
     * {@code latency: p99 vs Kafka default} or {@code latency: p50, Dafka CURVE vs Dafka}.
     */
    private static String label(final Results.Row row)
    {
        return row.workload().replaceAll(" (of|at) .*$", "") + ": " + row.figure()
            + (row.candidateName().equals("Dafka") ? "" : ", " + row.candidateName()) + " vs " + row.baselineName();
    }
}
