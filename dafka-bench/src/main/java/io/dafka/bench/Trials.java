package io.dafka.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs trials in rounds: warm-up rounds, then measured rounds; each round runs every entrant once, in the given
 * order in the first round and in reverse order in the next ({@link #orderOfRound}), so that neither system always
 * goes first and a slow phase of the shared machine hits all of them. The outcomes of measured round {@code i} sit
 * at index {@code i} of each entrant's list, which is what {@link Results} pairs. Prints a progress line per trial
 * and records every outcome in the {@link Results}.
 */
final class Trials
{
    private Trials()
    {
    }

    /**
     * @param label    the workload and variant, for progress lines and topic names, e.g. {@code throughput 100 B}
     * @param entrants the systems (and references), in the order of the first round
     * @param warmUps  unmeasured rounds first
     * @param trials   measured rounds
     * @param trial    runs one trial of an entrant on a topic no other trial used
     * @return the measured outcomes of each entrant, by {@link Entrant#name()}, in round order
     */
    static <E extends Entrant> Map<String, List<Outcome>> alternate(final String label, final List<E> entrants,
                                                                   final int warmUps, final int trials,
                                                                   final BiFunction<E, String, Outcome> trial,
                                                                   final Results results)
    {
        final Map<String, List<Outcome>> measured = new LinkedHashMap<>();
        entrants.forEach(entrant -> measured.put(entrant.name(), new ArrayList<>()));
        for (int round = 1 - warmUps; round <= trials; round++)
        {
            for (final E entrant : orderOfRound(entrants, round + warmUps - 1))
            {
                final Outcome outcome = once(label, entrant.name(), round, warmUps, trials,
                    () -> trial.apply(entrant, results.newTopic(label)), results);
                if (round >= 1)
                {
                    measured.get(entrant.name()).add(outcome);
                }
            }
        }
        return measured;
    }

    /** The order of round {@code index} (0 = the first, warm-ups included): as given when even, reversed when odd. */
    static <E> List<E> orderOfRound(final List<E> entrants, final int index)
    {
        if (index % 2 == 0)
        {
            return List.copyOf(entrants);
        }
        final List<E> reversed = new ArrayList<>(entrants);
        Collections.reverse(reversed);
        return reversed;
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
        results.progress(String.format("%-24s %-14s %-12s %s", label, name, roundName, outcome.summary()));
        results.record(label, name, warmUp, outcome);
        return outcome;
    }
}
