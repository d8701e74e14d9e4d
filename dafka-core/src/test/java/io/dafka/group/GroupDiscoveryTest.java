package io.dafka.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.GroupHeartbeat;
import io.dafka.codec.GroupHeartbeat.Protocol;

/**
 * How long a member that joined listens before it may lead or settle (docs/groups.md#discovery), and its prompt
 * heartbeats to members that appear. Timings: heartbeat 100 ms, so discovery 300 ms, quick discovery and stable
 * delay 50 ms.
 */
class GroupDiscoveryTest
{
    private static final GroupSettings SETTINGS = GroupSettings.of(1_000, 100, 3_000);
    private static final List<Protocol> PROTOCOLS = List.of(new Protocol("range", new byte[] {1}));

    private final RecordingOutput output = new RecordingOutput();
    private final List<DafkaMessage> published = output.published;
    private final List<GroupEvent> events = output.events;
    private final GroupMember member = new GroupMember("g", "A1", "", SETTINGS, output);

    private static GroupHeartbeat heartbeatOf(final String address, final long sequence)
    {
        return new GroupHeartbeat().set("g", address, "", sequence, 0, "", 0, 0, PROTOCOLS);
    }

    private GroupEvent.ComputeAssignment onlyComputeAssignment()
    {
        assertThat(events).singleElement().isInstanceOf(GroupEvent.ComputeAssignment.class);
        return (GroupEvent.ComputeAssignment)events.get(0);
    }

    @Test
    void shouldLeadAfterTheQuickDiscoveryWhenNoPeerSubscribesToTheGroupAndTheMeshIsQuiet()
    {
        member.peerAppeared(900);
        member.join(PROTOCOLS, 0, 1_000);

        assertThat(member.nextTickAt()).isEqualTo(1_050);
        member.tick(1_049);
        assertThat(events).isEmpty();
        member.tick(1_050);

        assertThat(onlyComputeAssignment().metadata()).containsOnlyKeys("A1");
    }

    @Test
    void shouldWaitForTheMeshToBeQuietForTheQuickDiscoveryTime()
    {
        member.join(PROTOCOLS, 0, 1_000);
        member.peerAppeared(1_040); // a peer heard of just now may not have connected back yet

        member.tick(1_050);
        assertThat(events).isEmpty();
        assertThat(member.nextTickAt()).isEqualTo(1_090);
        member.tick(1_090);

        assertThat(onlyComputeAssignment().metadata()).containsOnlyKeys("A1");
    }

    @Test
    void shouldListenTheWholeDiscoveryTimeWhileAPeerSubscribedToTheGroupIsNotHeard()
    {
        member.peerAppeared(900);
        member.join(PROTOCOLS, 0, 1_000);
        member.peerSubscribed(1_010);

        member.tick(1_050);
        member.tick(1_299);
        assertThat(events).as("a subscriber not heard may be a member").isEmpty();
        member.tick(1_300);

        assertThat(onlyComputeAssignment().metadata()).containsOnlyKeys("A1");
    }

    @Test
    void shouldEndDiscoveryOnceItHeardAsManyMembersAsPeersSubscribe()
    {
        member.peerAppeared(900);
        member.join(PROTOCOLS, 0, 1_000);
        member.peerSubscribed(1_010);
        member.peerSubscribed(1_011);
        member.onMessage(heartbeatOf("B1", 1), 1_020);
        member.tick(1_050);
        assertThat(events).as("one of two subscribers heard").isEmpty();

        member.onMessage(heartbeatOf("C1", 1), 1_060);
        member.onMessage(heartbeatOf("B1", 2), 1_100);
        member.tick(1_109);
        assertThat(events).as("the view changed at 1 060: stable 50 ms later").isEmpty();
        member.tick(1_110);

        assertThat(onlyComputeAssignment().metadata()).as("well before the discovery time's end at 1 300")
            .containsOnlyKeys("A1", "B1", "C1");
    }

    @Test
    void shouldNotCountASubscriptionThatWentAway()
    {
        member.peerAppeared(900);
        member.join(PROTOCOLS, 0, 1_000);
        member.peerSubscribed(1_010);
        member.peerUnsubscribed(1_020); // the last subscriber went

        member.tick(1_050);

        assertThat(onlyComputeAssignment().metadata()).containsOnlyKeys("A1");
    }

    @Test
    void shouldListenTheWholeDiscoveryTimeWhenTheEngineDoesNotTrackPeers()
    {
        member.join(PROTOCOLS, 0, 1_000);

        member.tick(1_050);
        member.tick(1_299);
        assertThat(events).isEmpty();
        member.tick(1_300);

        assertThat(onlyComputeAssignment().metadata()).containsOnlyKeys("A1");
    }

    @Test
    void shouldHeartbeatSoonToAPeerThatSubscribesAndToAMemberItHearsForTheFirstTime()
    {
        member.join(PROTOCOLS, 0, 1_000);
        assertThat(published).hasSize(1);

        member.peerSubscribed(1_005);
        assertThat(member.nextTickAt()).as("at most one prompt heartbeat per gap").isEqualTo(1_020);
        member.tick(1_020);
        assertThat(published).hasSize(2);

        member.peerSubscribed(1_050);
        assertThat(published).as("the gap has passed: at once").hasSize(3);

        member.onMessage(heartbeatOf("B1", 1), 1_080);
        assertThat(published).as("a member heard for the first time").hasSize(4);
        member.onMessage(heartbeatOf("B1", 2), 1_110);
        assertThat(published).as("a member already known: the regular interval").hasSize(4);
        assertThat(member.nextTickAt()).isEqualTo(1_180);
    }
}
