package io.dafka.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs trials in rounds: warm-up rounds, then measured rounds; with several systems, each round runs every
 * system in turn (A B A B ...), so that a slow phase of the shared machine hits both. Prints a progress line per
 * trial and records every outcome in the {@link Results}.
 */
final class Trials
{
    private Trials()
    {
    }

    /**
     * @param label   the workload and variant, for progress lines and topic names, e.g. {@code throughput 100 B}
     * @param targets the systems, in the order of each round
     * @param warmUps unmeasured rounds first
     * @param trials  measured rounds
     * @return the measured outcomes of each system, by {@link BenchTarget#name()}
     */
    static Map<String, List<Outcome>> alternate(final String label, final List<BenchTarget> targets, final int warmUps,
                                                final int trials, final Trial trial, final Results results)
    {
        final Map<String, List<Outcome>> measured = new LinkedHashMap<>();
        for (int round = 1 - warmUps; round <= trials; round++)
        {
            for (final BenchTarget target : targets)
            {
                final Outcome outcome = once(label, target.name(), round, warmUps, trials,
                    () -> trial.run(target, results.newTopic(label)), results);
                if (round >= 1)
                {
                    measured.computeIfAbsent(target.name(), name -> new ArrayList<>()).add(outcome);
                }
            }
        }
        return measured;
    }

    /** Like {@link #alternate} for one thing measured on its own; returns its measured outcomes. */
    static List<Outcome> repeat(final String label, final String name, final int warmUps, final int trials,
                                final Supplier<Outcome> trial, final Results results)
    {
        final List<Outcome> measured = new ArrayList<>();
        for (int round = 1 - warmUps; round <= trials; round++)
        {
            final Outcome outcome = once(label, name, round, warmUps, trials, trial, results);
            if (round >= 1)
            {
                measured.add(outcome);
            }
        }
        return measured;
    }

    private static Outcome once(final String label, final String name, final int round, final int warmUps,
                                final int trials, final Supplier<Outcome> trial, final Results results)
    {
        final boolean warmUp = round < 1;
        final String roundName = warmUp ? "warm-up " + (round + warmUps) + "/" + warmUps : "trial " + round + "/" + trials;
        final Outcome outcome = trial.get();
        results.progress(String.format("%-24s %-6s %-12s %s", label, name, roundName, outcome.summary()));
        results.record(label, name, warmUp, outcome);
        return outcome;
    }
}
