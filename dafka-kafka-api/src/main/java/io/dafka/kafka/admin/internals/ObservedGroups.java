package io.dafka.kafka.admin.internals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.dafka.codec.GroupAssignment;
import io.dafka.codec.GroupHeartbeat;

/**
 * The consumer groups the Admin has heard of, from their members' GROUP-HEARTBEATs and their leaders'
 * GROUP-ASSIGNMENTs: each member's last heartbeat and when it was heard, and the best assignment of each group
 * (the highest generation; with equal numbers the smaller leader, as members rank them). Written by the Admin's
 * engine thread, read by the calls; every method is synchronized and reads return immutable snapshots.
 */
final class ObservedGroups
{
    /** A member's last heartbeat: its identity is its instance id if static, else its address. */
    record Member(String identity, String address, String instance, long generation, String leader,
        List<GroupHeartbeat.Protocol> protocols, long heardAt)
    {
    }

    /** One generation's assignment: the protocol (assignor) and each member's opaque assignment. */
    record Assignment(long generation, String leader, String protocol, Map<String, byte[]> members)
    {
    }

    /** What is known of a group: its members heard within the liveness window, and its best assignment. */
    record Group(String id, List<Member> live, Assignment assignment)
    {
    }

    private final Map<String, Map<String, Member>> members = new HashMap<>();
    private final Map<String, Assignment> assignments = new HashMap<>();

    synchronized void onHeartbeat(final GroupHeartbeat heartbeat, final long now)
    {
        final String identity = heartbeat.instance().isEmpty() ? heartbeat.address() : heartbeat.instance();
        final Map<String, Member> group = members.computeIfAbsent(heartbeat.topic(), g -> new HashMap<>());
        if (heartbeat.leaving())
        {
            group.remove(identity);
            return;
        }
        group.put(identity, new Member(identity, heartbeat.address(), heartbeat.instance(), heartbeat.generation(),
            heartbeat.leader(), List.copyOf(heartbeat.protocols()), now));
    }

    synchronized void onAssignment(final GroupAssignment assignment)
    {
        final Assignment known = assignments.get(assignment.topic());
        if (known != null && (known.generation > assignment.generation() || known.generation ==
            assignment.generation() && known.leader.compareTo(assignment.leader()) <= 0))
        {
            return;
        }
        final Map<String, byte[]> byMember = new TreeMap<>();
        assignment.members().forEach(member -> byMember.put(member.member(), member.assignment()));
        assignments.put(assignment.topic(), new Assignment(assignment.generation(), assignment.leader(),
            assignment.protocol(), byMember));
    }

    /** Every group heard of, by id, with the members heard since {@code liveSince}. */
    synchronized Map<String, Group> groups(final long liveSince)
    {
        final Map<String, Group> groups = new TreeMap<>();
        members.keySet().forEach(id -> groups.put(id, group(id, liveSince)));
        assignments.keySet().forEach(id -> groups.computeIfAbsent(id, g -> group(g, liveSince)));
        return groups;
    }

    /** The group {@code id}, or null if it was never heard of. */
    synchronized Group group(final String id, final long liveSince)
    {
        if (!members.containsKey(id) && !assignments.containsKey(id))
        {
            return null;
        }
        final List<Member> live = new ArrayList<>();
        members.getOrDefault(id, Map.of()).values().forEach(member ->
        {
            if (member.heardAt >= liveSince)
            {
                live.add(member);
            }
        });
        live.sort((a, b) -> a.identity.compareTo(b.identity));
        return new Group(id, List.copyOf(live), assignments.get(id));
    }
}
