package io.dafka.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one trial measured: its figures by name, and the counts that tell whether it ran correctly.
 *
 * @param figures    measured values by figure name, in the order they were measured
 * @param expected   records (or messages) the trial should have received
 * @param received   distinct records received
 * @param duplicates records received more than once
 * @param errors     sends that failed
 */
record Outcome(Map<String, Double> figures, long expected, long received, long duplicates, long errors)
{
    /** True when every expected record arrived exactly once and nothing failed. */
    boolean complete()
    {
        return received == expected && duplicates == 0 && errors == 0;
    }

    /** The named figure. */
    double figure(final String name)
    {
        final Double value = figures.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException("no figure " + name + " in " + figures.keySet());
        }
        return value;
    }

    /** The figures and counts for a progress line. */
    String summary()
    {
        final String values = figures.entrySet().stream()
            .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,.3f", e.getValue()))
            .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s | received %,d/%,d, duplicates %d, errors %d%s", values, received,
            expected, duplicates, errors, complete() ? "" : "  INCOMPLETE");
    }
}
