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
 * The results as a PNG bar chart (XChart): one bar per table row, Dafka/Kafka for rates and for times, and Dafka
 * as a fraction of the raw JeroMQ ceiling, with a line at 1 (Kafka, or the ceiling).
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
        final List<Double> ceilings = new ArrayList<>();
        for (final Results.Row row : results.rows())
        {
            labels.add(label(row));
            final Double ratio = ratio(results, row);
            rates.add(row instanceof Results.Comparison c && c.higherIsBetter() ? ratio : null);
            times.add(row instanceof Results.Comparison c && !c.higherIsBetter() || row instanceof Results.Versus
                ? ratio : null);
            ceilings.add(row instanceof Results.Ceiling ? ratio : null);
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
            chart.addSeries("Dafka/Kafka, rate (higher is better)", labels, rates);
            chart.addSeries("Dafka/Kafka, time (lower is better)", labels, times);
            chart.addSeries("Dafka / raw JeroMQ ceiling", labels, ceilings);
            final CategorySeries one = chart.addSeries("Kafka (or the ceiling) = 1", labels,
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

    private static Double ratio(final Results results, final Results.Row row)
    {
        if (row instanceof Results.Comparison c)
        {
            return c.ratio();
        }
        if (row instanceof Results.Versus v)
        {
            return v.ratio();
        }
        final Results.Ceiling ceiling = (Results.Ceiling)row;
        return results.comparison(ceiling.bounded()).map(b -> b.dafkaMedian() / ceiling.median()).orElse(null);
    }

    /** The workload's first words and the figure, e.g. {@code latency: p99} or {@code ceiling: raw JeroMQ, 100 B}. */
    private static String label(final Results.Row row)
    {
        final String workload = row instanceof Results.Ceiling
            ? "ceiling"
            : row.workload().replaceAll(" (of|at) .*$", "");
        return workload + ": " + row.figure();
    }
}
