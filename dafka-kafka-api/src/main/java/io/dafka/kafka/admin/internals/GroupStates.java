package io.dafka.kafka.admin.internals;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.GroupState;

import io.dafka.codec.GroupHeartbeat;

/**
 * What Kafka's group states mean for a group heard on the mesh:
 * {@link GroupState#EMPTY} with no live member; {@link GroupState#STABLE} when the best assignment heard lists
 * exactly the live members and every one of them heartbeats that it holds it; {@link GroupState#PREPARING_REBALANCE}
 * otherwise (members joined or left, or have not taken the new assignment yet).
 */
final class GroupStates
{
    private GroupStates()
    {
    }

    static GroupState of(final ObservedGroups.Group group)
    {
        if (group.live().isEmpty())
        {
            return GroupState.EMPTY;
        }
        final ObservedGroups.Assignment assignment = group.assignment();
        if (assignment == null || assignment.members().size() != group.live().size())
        {
            return GroupState.PREPARING_REBALANCE;
        }
        for (final ObservedGroups.Member member : group.live())
        {
            if (!assignment.members().containsKey(member.identity()) || member.generation() !=
                assignment.generation() || !member.leader().equals(assignment.leader()))
            {
                return GroupState.PREPARING_REBALANCE;
            }
        }
        return GroupState.STABLE;
    }

    /** The topics the live members subscribe to, read from their protocols' Kafka subscriptions. */
    static Set<String> subscribedTopics(final ObservedGroups.Group group)
    {
        final Set<String> topics = new HashSet<>();
        for (final ObservedGroups.Member member : group.live())
        {
            for (final GroupHeartbeat.Protocol protocol : member.protocols())
            {
                topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(protocol.metadata())).topics());
            }
        }
        return topics;
    }
}
