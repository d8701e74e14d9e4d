package io.dafka.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the machine did during each workload: the load average before and after it, and the CPU time each process
 * of the run spent on it (the bench JVM, Kafka's broker, Dafka's tower and stores), read from the operating system
 * ({@link ProcessHandle.Info#totalCpuDuration()}, i.e. {@code /proc/<pid>/stat} on Linux). A run during which the
 * load average passed the number of cores is flagged: its figures measure the other load as much as the systems.
 */
final class Usage
{
    /**
     * One workload.
     *
     * @param seconds    its wall-clock time
     * @param cpuSeconds CPU seconds by process name
     */
    record Sample(String workload, double seconds, double loadBefore, double loadAfter, Map<String, Double> cpuSeconds)
    {
    }

    static final double NEGLIGIBLE_SECONDS = 0.05;

    private Usage()
    {
    }

    /** The 1-minute load average, or NaN where the system has none. */
    static double loadAverage()
    {
        final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }

    /** CPU seconds so far of a running process. */
    static Optional<Double> cpuSeconds(final long pid)
    {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration())
            .map(cpu -> cpu.toNanos() / 1e9);
    }

    /**
     * CPU spent between two readings, for the processes of {@code after} (one started meanwhile from 0); a
     * process that spent less than {@value #NEGLIGIBLE_SECONDS} s (stopped or idle) is left out.
     */
    static Map<String, Double> spent(final Map<String, Double> before, final Map<String, Double> after)
    {
        final Map<String, Double> spent = new LinkedHashMap<>();
        after.forEach((name, seconds) ->
        {
            final double used = seconds - before.getOrDefault(name, 0.0);
            if (used >= NEGLIGIBLE_SECONDS)
            {
                spent.put(name, used);
            }
        });
        return spent;
    }

    /** The highest load average of the run (NaN if none was read). */
    static double peakLoad(final List<Sample> samples)
    {
        return samples.stream().flatMap(sample -> Stream.of(sample.loadBefore(), sample.loadAfter()))
            .filter(load -> !load.isNaN()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** True when the load average passed {@code cores} before or after any workload. */
    static boolean loaded(final List<Sample> samples, final int cores)
    {
        return peakLoad(samples) > cores;
    }

    /** The warning line for the top of the results and the console, or an empty string for a quiet run. */
    static String warning(final List<Sample> samples, final int cores)
    {
        return loaded(samples, cores)
            ? String.format(Locale.ROOT, "**LOADED RUN**: the load average reached %.1f on %d cores (above the core "
                + "count); these figures are not clean measurements.%n", peakLoad(samples), cores)
            : "";
    }

    /** The Markdown table: workload | time | load before → after | CPU seconds per process. */
    static String table(final List<Sample> samples)
    {
        final StringBuilder out = new StringBuilder(
            "| workload | wall time, s | load average before → after | CPU time, s |\n|---|---:|---:|---|\n");
        for (final Sample sample : samples)
        {
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f → %.2f | %s |%n", sample.workload(),
                sample.seconds(), sample.loadBefore(), sample.loadAfter(), sample.cpuSeconds().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "))));
        }
        return out.toString();
    }
}
