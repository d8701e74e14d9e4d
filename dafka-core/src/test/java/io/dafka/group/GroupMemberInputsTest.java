package io.dafka.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.GroupAssignment;
import io.dafka.codec.GroupHeartbeat;
import io.dafka.codec.GroupHeartbeat.Protocol;

/** One {@link GroupMember} driven by hand: its outputs for each input, bad input, settings and the generation order. */
class GroupMemberInputsTest
{
    private static final GroupSettings SETTINGS = GroupSettings.of(1_000, 100, 3_000);
    private static final List<Protocol> PROTOCOLS = List.of(new Protocol("range", new byte[] {1}));

    private final RecordingOutput output = new RecordingOutput();
    private final List<DafkaMessage> published = output.published;
    private final List<GroupEvent> events = output.events;
    private final GroupMember member = new GroupMember("g", "A1", "", SETTINGS, output);

    @Test
    void shouldHeartbeatAtOnceOnJoinAndAgainAfterTheHeartbeatInterval()
    {
        member.join(PROTOCOLS, 0, 1_000);

        assertThat(published).hasSize(1);
        final GroupHeartbeat heartbeat = (GroupHeartbeat)published.get(0);
        assertThat(heartbeat.topic()).isEqualTo("g");
        assertThat(heartbeat.address()).isEqualTo("A1");
        assertThat(heartbeat.generation()).isZero();
        assertThat(heartbeat.leaving()).isFalse();
        assertThat(member.nextTickAt()).isEqualTo(1_100);

        member.tick(1_099);
        assertThat(published).hasSize(1);
        member.tick(1_100);
        assertThat(published).hasSize(2);
    }

    @Test
    void shouldAskItsApplicationToAssignOnlyAfterTheDiscoveryTime()
    {
        member.join(PROTOCOLS, 0, 1_000);
        member.tick(1_299);
        assertThat(events).isEmpty();

        assertThat(member.nextTickAt()).isEqualTo(1_300); // the end of the discovery time
        member.tick(1_300);

        assertThat(member.nextTickAt()).isGreaterThan(1_300); // the discovery deadline has passed: no busy loop
        assertThat(events).singleElement().isInstanceOfSatisfying(GroupEvent.ComputeAssignment.class, compute ->
        {
            assertThat(compute.generation()).isEqualTo(new GenerationId(1, "A1"));
            assertThat(compute.protocol()).isEqualTo("range");
            assertThat(compute.metadata()).containsOnlyKeys("A1");
        });
    }

    @Test
    void shouldPublishTheComputedAssignmentAndSettleAloneOnceApplied()
    {
        member.join(PROTOCOLS, 0, 1_000);
        member.tick(1_300);
        final GenerationId generation = ((GroupEvent.ComputeAssignment)events.get(0)).generation();

        member.assignmentComputed(generation, Map.of("A1", new byte[] {7}), 1_301);

        final GroupAssignment assignment = (GroupAssignment)published.get(published.size() - 1);
        assertThat(assignment.generation()).isEqualTo(1);
        assertThat(assignment.leader()).isEqualTo("A1");
        assertThat(events.get(1)).isInstanceOfSatisfying(GroupEvent.Assigned.class,
            assigned -> assertThat(assigned.assignment()).containsExactly(7));

        member.applied(generation, 1_302);

        assertThat(member.held()).isEqualTo(generation);
        assertThat(((GroupHeartbeat)published.get(published.size() - 1)).generation()).isEqualTo(1);
        assertThat(events.get(events.size() - 1)).isEqualTo(new GroupEvent.Settled(generation));
    }

    @Test
    void shouldNumberTheFirstGenerationOfAGroupThatStartsAnewAboveTheGenerationFloorAndTellTheOthers()
    {
        member.join(PROTOCOLS, 41, 1_000);

        assertThat(((GroupHeartbeat)published.get(0)).known()).as("the others number theirs above it too")
            .isEqualTo(41);
        member.tick(1_300);
        final GenerationId generation = ((GroupEvent.ComputeAssignment)events.get(0)).generation();
        assertThat(generation).isEqualTo(new GenerationId(42, "A1"));

        member.assignmentComputed(generation, Map.of("A1", new byte[] {7}), 1_301);
        member.applied(generation, 1_302);

        assertThat(events.get(events.size() - 1)).as("the floor is no newer generation to wait for")
            .isEqualTo(new GroupEvent.Settled(generation));
    }

    @Test
    void shouldAssignAgainAtOnceWhenItsApplicationLearnsOfNewItems()
    {
        member.join(PROTOCOLS, 0, 1_000);
        member.tick(1_300);
        final GenerationId first = ((GroupEvent.ComputeAssignment)events.get(0)).generation();
        member.assignmentComputed(first, Map.of("A1", new byte[] {7}), 1_301);
        member.applied(first, 1_302);
        events.clear();
        member.tick(1_500);
        assertThat(events).as("nothing changed: no new generation").isEmpty();

        member.itemsChanged(1_501);

        assertThat(events).singleElement().isInstanceOfSatisfying(GroupEvent.ComputeAssignment.class,
            compute -> assertThat(compute.generation()).isEqualTo(new GenerationId(2, "A1")));
        member.assignmentComputed(new GenerationId(2, "A1"), Map.of("A1", new byte[] {7, 8}), 1_502);
        member.applied(new GenerationId(2, "A1"), 1_503);
        events.clear();
        member.tick(1_700);
        assertThat(events).as("the new items are assigned: no further generation").isEmpty();
    }

    @Test
    void shouldRejectAnAssignmentForOtherMembersNamingThem()
    {
        member.join(PROTOCOLS, 0, 1_000);
        member.tick(1_300);
        final GenerationId generation = ((GroupEvent.ComputeAssignment)events.get(0)).generation();

        assertThatThrownBy(() -> member.assignmentComputed(generation, Map.of("B2", new byte[0]), 1_301))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B2").hasMessageContaining("A1");
    }

    @Test
    void shouldSendALeavingHeartbeatOnLeaveAndIgnoreMessagesAfterwards()
    {
        member.join(PROTOCOLS, 0, 1_000);
        member.leave(1_050);

        assertThat(((GroupHeartbeat)published.get(1)).leaving()).isTrue();
        assertThat(member.joined()).isFalse();
        assertThat(member.nextTickAt()).isEqualTo(Long.MAX_VALUE);
        member.onMessage(new GroupAssignment().set("g", "A0", 5, "range",
            List.of(new GroupAssignment.Member("A1", new byte[0]))), 1_060);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldIgnoreAnotherGroupsMessages()
    {
        member.join(PROTOCOLS, 0, 1_000);

        member.onMessage(new GroupAssignment().set("other", "A0", 5, "range",
            List.of(new GroupAssignment.Member("A1", new byte[0]))), 1_010);

        assertThat(events).isEmpty();
    }

    @Test
    void shouldOrderGenerationsByNumberThenBySmallerLeader()
    {
        assertThat(new GenerationId(2, "z").isBetterThan(new GenerationId(1, "a"))).isTrue();
        assertThat(new GenerationId(2, "a").isBetterThan(new GenerationId(2, "b"))).isTrue();
        assertThat(new GenerationId(2, "b").isBetterThan(new GenerationId(2, "a"))).isFalse();
        assertThat(new GenerationId(1, "a").isBetterThan(GenerationId.NONE)).isTrue();
        assertThat(GenerationId.NONE.isSome()).isFalse();
    }

    @Test
    void shouldRefuseInconsistentSettingsNamingTheSetting()
    {
        assertThatThrownBy(() -> GroupSettings.of(100, 100, 1_000)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> GroupSettings.of(1_000, 100, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxPollInterval");
        assertThatThrownBy(() -> new GroupMember("", "A1", "", SETTINGS, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
    }
}
