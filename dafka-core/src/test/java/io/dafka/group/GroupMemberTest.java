package io.dafka.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The group state machine over a simulated network (see {@link SimulatedGroup}): membership, leadership,
 * generations, liveness and the "settled" rule, each scenario deterministic. Timings: session 1000 ms, heartbeat
 * 100 ms, max poll 3000 ms; stable after 50 ms, discovery 300 ms.
 */
class GroupMemberTest
{
    static final GroupSettings SETTINGS = GroupSettings.of(1_000, 100, 3_000);
    static final List<String> ITEMS = List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9");

    private final SimulatedGroup group = new SimulatedGroup(42, SETTINGS);

    /** Starts members a, b and c (static, with instance ids ia, ib, ic, if asked) and runs until they converge. */
    private void startThreeAndConverge(final boolean statics)
    {
        for (final String name : List.of("a", "b", "c"))
        {
            group.start(name, statics ? "i" + name : "", ITEMS);
        }
        assertThat(group.runUntilConverged(5_000)).isTrue();
    }

    private Set<String> ownedBy(final String name)
    {
        return new TreeSet<>(group.member(name).owned);
    }

    @Test
    void shouldLeadItselfWhenAlone()
    {
        group.start("a", "", ITEMS);

        assertThat(group.runUntilConverged(5_000)).isTrue();
        assertThat(group.member("a").held()).isEqualTo(new GenerationId(1, "a-1"));
        assertThat(ownedBy("a")).containsExactlyElementsOf(ITEMS);
        assertThat(group.member("a").history).hasAtLeastOneElementOfType(GroupEvent.ComputeAssignment.class);
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldConvergeThreeMembersToOneGenerationWithDisjointCompleteAssignments()
    {
        group.start("a", "", ITEMS);
        group.start("b", "", ITEMS);
        group.start("c", "", ITEMS);

        assertThat(group.runUntilConverged(5_000)).isTrue();
        final GenerationId generation = group.member("a").held();
        assertThat(group.members()).allMatch(member -> member.held().equals(generation));
        assertThat(ownedBy("a")).hasSize(4);
        assertThat(ownedBy("b")).hasSize(3);
        assertThat(ownedBy("c")).hasSize(3);
        assertThat(generation.leader()).isEqualTo("a-1"); // the smallest identity leads
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldRemoveASilentMemberAfterTheSessionTimeoutAndReassignItsShare()
    {
        startThreeAndConverge(false);
        final GenerationId before = group.member("a").held();
        final Set<String> share = ownedBy("c");

        group.kill("c");
        group.run(800);

        assertThat(group.member("a").held()).isEqualTo(before); // within the session timeout: nothing moves
        assertThat(group.member("a").owned).doesNotContainAnyElementsOf(share);
        assertThat(group.member("b").owned).doesNotContainAnyElementsOf(share);

        assertThat(group.runUntilConverged(3_000)).isTrue();
        assertThat(group.member("a").held().number()).isGreaterThan(before.number());
        final Set<String> survivors = new TreeSet<>(ownedBy("a"));
        survivors.addAll(ownedBy("b"));
        assertThat(survivors).containsAll(share).hasSize(ITEMS.size());
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldKeepAStaticMembersAssignmentWhenItRestartsWithinTheSessionTimeout()
    {
        startThreeAndConverge(true);
        final GenerationId generation = group.member("a").held();
        final Set<String> share = ownedBy("b");

        group.kill("b");
        group.run(300);
        group.restart("b");

        assertThat(group.runUntilConverged(3_000)).isTrue();
        assertThat(group.member("b").held()).isEqualTo(generation);
        assertThat(ownedBy("b")).isEqualTo(share);
        assertThat(group.members()).allMatch(member -> member.history.stream()
            .noneMatch(event -> event instanceof GroupEvent.ComputeAssignment compute &&
                !compute.generation().equals(generation)));
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldConvergeWhenTwoMembersBothBelieveTheyLead()
    {
        // b does not hear a: a leads {a, b, c} while b leads {b, c}; c hears both leaders' assignments
        group.cut = (from, to, frame) -> from.equals("a") && to.equals("b");
        group.start("a", "", ITEMS);
        group.start("b", "", ITEMS);
        group.start("c", "", ITEMS);
        group.run(900); // below the session timeout of the views that never had the other

        final long leaders = group.members().stream().flatMap(member -> member.history.stream())
            .filter(GroupEvent.ComputeAssignment.class::isInstance).map(event ->
                ((GroupEvent.ComputeAssignment)event).generation().leader()).distinct().count();
        assertThat(leaders).isEqualTo(2);

        group.cut = (from, to, frame) -> false;
        assertThat(group.runUntilConverged(5_000)).isTrue();
        assertThat(group.member("c").held().leader()).isEqualTo("a-1");
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldCatchUpAMemberThatMissedTheAssignment()
    {
        group.cut = (from, to, frame) -> to.equals("c") && frame[0] == 'Y';
        group.start("a", "", ITEMS);
        group.start("b", "", ITEMS);
        group.start("c", "", ITEMS);
        group.run(2_000);

        assertThat(group.member("c").held()).isEqualTo(GenerationId.NONE);
        assertThat(group.member("a").settledAt).isEmpty(); // c, a member, does not hold it: nobody starts yet
        assertThat(group.members()).allMatch(member -> member.owned.isEmpty());

        group.cut = (from, to, frame) -> false;
        assertThat(group.runUntilConverged(3_000)).isTrue();
        assertThat(ownedBy("c")).hasSize(3);
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldConvergeWhenTheLeaderDiesAfterOnlySomeMembersHeardItsAssignment()
    {
        group.start("a", "", ITEMS);
        group.start("b", "", ITEMS);
        assertThat(group.runUntilConverged(5_000)).isTrue();
        group.cut = (from, to, frame) -> from.equals("a") && to.equals("c") && frame[0] == 'Y';

        group.start("c", "", ITEMS);
        group.run(600);

        assertThat(group.member("b").lastAssigned.members()).containsExactly("a-1", "b-2", "c-3");
        assertThat(group.member("c").held()).isEqualTo(GenerationId.NONE);
        group.kill("a");
        group.cut = (from, to, frame) -> false;

        assertThat(group.runUntilConverged(5_000)).isTrue();
        assertThat(group.member("c").lastAssigned.members()).containsExactly("b-2", "c-3");
        assertThat(ownedBy("b").size() + ownedBy("c").size()).isEqualTo(ITEMS.size());
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldLeaveAndReportLostWhenTheApplicationStopsPolling()
    {
        startThreeAndConverge(false);

        group.member("b").polling = false;
        group.run(3_100);

        assertThat(group.member("b").machine.joined()).isFalse();
        assertThat(group.member("b").history).anyMatch(event -> event instanceof GroupEvent.Lost lost &&
            lost.reason().contains("max.poll.interval.ms"));
        assertThat(group.member("b").owned).isEmpty();
        assertThat(group.runUntilConverged(2_000)).isTrue(); // a and c share everything, well before b's session
        assertThat(ownedBy("a").size() + ownedBy("c").size()).isEqualTo(ITEMS.size());

        group.member("b").polling = true; // polls again: rejoins
        assertThat(group.runUntilConverged(5_000)).isTrue();
        assertThat(ownedBy("b")).isNotEmpty();
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldNotSettleWhileAnotherLiveMemberStillHoldsThePreviousGeneration()
    {
        group.start("a", "", ITEMS);
        group.start("b", "", ITEMS);
        assertThat(group.runUntilConverged(5_000)).isTrue();
        final GenerationId first = group.member("a").held();
        group.member("b").revokeDelay = 2_000; // b commits slowly before it revokes

        group.start("c", "", ITEMS);
        assertThat(group.runUntilConverged(8_000)).isTrue();

        final GenerationId second = group.member("a").held();
        assertThat(second).isNotEqualTo(first);
        final long bApplied = group.member("b").appliedAt.get(second);
        assertThat(group.member("a").settledAt.get(second)).isGreaterThanOrEqualTo(bApplied);
        assertThat(group.member("c").settledAt.get(second)).isGreaterThanOrEqualTo(bApplied);
        assertThat(group.member("a").appliedAt.get(second)).isLessThan(bApplied - 1_000); // a was long ready
        assertThat(group.violations()).isEmpty();
    }

    @Test
    void shouldReportNoCommonProtocolAndAssignNothing()
    {
        final SimulatedGroup.Member a = group.start("a", "", ITEMS);
        group.run(50);
        final SimulatedGroup.Member b = group.start("b", "", ITEMS);
        b.machine.join(List.of(new io.dafka.codec.GroupHeartbeat.Protocol("other", new byte[0])), 0, group.now());
        group.run(1_000);

        assertThat(a.history).anyMatch(event -> event instanceof GroupEvent.NoCommonProtocol none &&
            none.protocolsByMember().equals(Map.of("a-1", List.of(SimulatedGroup.PROTOCOL), "b-2", List.of("other"))));
        assertThat(b.held()).isEqualTo(GenerationId.NONE);
    }
}
