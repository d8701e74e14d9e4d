package io.dafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The order of rounds, with trials that only note who ran when. */
class TrialsTest
{
    private record Named(String name) implements Entrant
    {
    }

    @Test
    void shouldReverseTheOrderEveryOtherRound()
    {
        final List<String> entrants = List.of("Kafka", "Dafka", "JeroMQ");

        assertThat(Trials.orderOfRound(entrants, 0)).containsExactly("Kafka", "Dafka", "JeroMQ");
        assertThat(Trials.orderOfRound(entrants, 1)).containsExactly("JeroMQ", "Dafka", "Kafka");
        assertThat(Trials.orderOfRound(entrants, 2)).containsExactly("Kafka", "Dafka", "JeroMQ");
    }

    @Test
    void shouldAlternateWhoGoesFirstAcrossWarmUpAndMeasuredRoundsAndKeepOutcomesInRoundOrder()
    {
        final Results results = new Results(new PrintStream(OutputStream.nullOutputStream()));
        final List<String> ran = new ArrayList<>();
        final int[] count = {0};

        final Map<String, List<Outcome>> measured = Trials.alternate("test", List.of(new Named("A"), new Named("B")),
            1, 3, (entrant, topic) ->
            {
                ran.add(entrant.name());
                return new Outcome(Map.of("n", (double)count[0]++), 1, 1, 0, 0);
            }, results);

        assertThat(ran).containsExactly("A", "B", "B", "A", "A", "B", "B", "A");
        assertThat(Results.values(measured.get("A"), "n")).containsExactly(3.0, 4.0, 7.0);
        assertThat(Results.values(measured.get("B"), "n")).containsExactly(2.0, 5.0, 6.0);
        assertThat(results.trials()).hasSize(8).filteredOn(Results.TrialRecord::warmUp).hasSize(2);
    }
}
