package io.dafka.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario measured: records sent and delivered, and how many were lost, duplicated or reordered, with the
 * time the peers took to converge after the fault. {@code skipped} carries the reason a scenario could not run here
 * (e.g. no network namespaces), so a skip is printed, never silently passed. {@code problems} are what a
 * scenario found wrong beyond the counts (e.g. a store missing records): a figure with problems is not clean.
 */
public record Figure(
    String scenario, long sent, long delivered, long lost, long duplicated, long reordered, Duration converge,
    String detail, String skipped, List<String> problems)
{
    public Figure
    {
        problems = List.copyOf(problems);
    }

    public Figure(final String scenario, final long sent, final long delivered, final long lost, final long duplicated,
        final long reordered, final Duration converge, final String detail, final String skipped)
    {
        this(scenario, sent, delivered, lost, duplicated, reordered, converge, detail, skipped, List.of());
    }

    /** A figure for a scenario that could not run on this machine, with the reason. */
    public static Figure skipped(final String scenario, final String reason)
    {
        return new Figure(scenario, 0, 0, 0, 0, 0, Duration.ZERO, "", reason);
    }

    /** The figure with a free-text detail (e.g. "frames dropped=1000000"). */
    public Figure withDetail(final String text)
    {
        return new Figure(scenario, sent, delivered, lost, duplicated, reordered, converge, text, skipped, problems);
    }

    /** The figure with {@code problem} added when {@code found}. */
    public Figure withProblemIf(final boolean found, final String problem)
    {
        if (!found)
        {
            return this;
        }
        final List<String> more = new ArrayList<>(problems);
        more.add(problem);
        return new Figure(scenario, sent, delivered, lost, duplicated, reordered, converge, detail, skipped, more);
    }

    public boolean isSkipped()
    {
        return skipped != null;
    }

    /** Nothing lost, duplicated or reordered and no problem found (a skipped figure is not clean). */
    public boolean clean()
    {
        return !isSkipped() && lost == 0 && duplicated == 0 && reordered == 0 && problems.isEmpty();
    }

    /** The one-line figure each scenario prints. */
    public String line()
    {
        if (isSkipped())
        {
            return String.format("%-28s SKIPPED: %s", scenario, skipped);
        }
        return String.format("%-28s sent=%d delivered=%d lost=%d duplicated=%d reordered=%d converge=%dms%s",
            scenario, sent, delivered, lost, duplicated, reordered, converge.toMillis(),
            detail.isEmpty() ? "" : " " + detail) + (problems.isEmpty() ? "" : " PROBLEMS: " + problems);
    }
}
