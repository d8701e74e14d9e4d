package io.dafka.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random runs (100 seeds; {@code -Dgroup.simulation.seeds=N} for more) of the group over {@link SimulatedGroup},
 * with the whole discovery time and with quick discovery (the engine telling of peers): 2 to 5 members, static or
 * dynamic, joining at
 * random times; up to 10% of the frames lost and delays of up to 60 ms (so frames reorder); during the chaos phase
 * members are killed, restarted and stop polling past the max poll interval. Each run checks that no item is ever
 * owned by two live members at once, and that once the network is quiet every live member converges to one
 * generation that assigns every item exactly once.
 */
class GroupSimulationTest
{
    private static final int SEEDS = Integer.getInteger("group.simulation.seeds", 100);
    private static final long CHAOS = 6_000;

    static List<Long> seeds()
    {
        final List<Long> seeds = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++)
        {
            seeds.add(seed);
        }
        return seeds;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldNeverGiveAnItemToTwoMembersAndConvergeOnceQuiet(final long seed)
    {
        simulate(seed, false);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldNeverGiveAnItemToTwoMembersAndConvergeOnceQuietWithQuickDiscovery(final long seed)
    {
        simulate(seed, true);
    }

    private static void simulate(final long seed, final boolean meshNotices)
    {
        final Random random = new Random(seed);
        final SimulatedGroup group = new SimulatedGroup(seed, GroupMemberTest.SETTINGS);
        group.meshNotices = meshNotices;
        group.tracing = seed == Long.getLong("trace.seed", -1L);
        group.dropRate = random.nextDouble() * Double.parseDouble(System.getProperty("group.simulation.drop", "0.10"));
        group.maxDelay = 1 + random.nextInt(60);
        final List<String> items = new ArrayList<>();
        for (int i = 0, count = 5 + random.nextInt(16); i < count; i++)
        {
            items.add("t" + random.nextInt(3) + "-p" + i);
        }
        final int size = 2 + random.nextInt(4);
        final Map<String, Long> resumeAt = new HashMap<>();
        for (int i = 0; i < size; i++)
        {
            final String name = "m" + i;
            group.start(name, random.nextBoolean() ? "static-" + name : "", items);
            group.run(random.nextInt(200));
        }

        final long chaosEnd = group.now() + CHAOS;
        while (group.now() < chaosEnd)
        {
            group.run(250);
            resumeAt.entrySet().removeIf(entry ->
            {
                if (group.now() >= entry.getValue())
                {
                    group.member(entry.getKey()).polling = true;
                    return true;
                }
                return false;
            });
            final String name = "m" + random.nextInt(size);
            final SimulatedGroup.Member member = group.member(name);
            switch (random.nextInt(12))
            {
                case 0 -> group.restart(name);
                case 1 ->
                {
                    if (member.polling)
                    {
                        member.polling = false;
                        resumeAt.put(name, group.now() + GroupMemberTest.SETTINGS.maxPollInterval() + 500);
                    }
                }
                case 2 -> member.revokeDelay = random.nextInt(1_500);
                default ->
                {
                    // most steps: nothing happens but the network's own losses
                }
            }
        }
        resumeAt.keySet().forEach(name -> group.member(name).polling = true);
        group.dropRate = 0;

        final boolean converged = group.runUntilConverged(20_000);
        if (group.tracing)
        {
            group.trace.forEach(System.out::println);
        }

        assertThat(group.violations()).as("seed %d", seed).isEmpty();
        assertThat(converged).as("seed %d converged", seed).isTrue();
    }
}
