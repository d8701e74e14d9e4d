package io.dafka.group;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import io.dafka.codec.GroupHeartbeat.Protocol;

/** Chooses a group's protocol as Kafka does: the leader's most preferred one that every member supports. */
final class ProtocolChoice
{
    private ProtocolChoice()
    {
    }

    /** The chosen protocol's name, or {@code null} if no protocol of the leader is supported by every member. */
    static String choose(final List<Protocol> leaderPreference, final Collection<List<Protocol>> members)
    {
        for (final Protocol candidate : leaderPreference)
        {
            if (members.stream().allMatch(protocols -> find(protocols, candidate.name()) != null))
            {
                return candidate.name();
            }
        }
        return null;
    }

    /** The protocol named {@code name} of a member's list, or {@code null}. */
    static Protocol find(final List<Protocol> protocols, final String name)
    {
        for (final Protocol protocol : protocols)
        {
            if (protocol.name().equals(name))
            {
                return protocol;
            }
        }
        return null;
    }

    /** Whether two members' protocol lists are equal: same names in the same order with equal metadata. */
    static boolean same(final List<Protocol> a, final List<Protocol> b)
    {
        if (a.size() != b.size())
        {
            return false;
        }
        for (int i = 0; i < a.size(); i++)
        {
            if (!a.get(i).name().equals(b.get(i).name()) ||
                !Arrays.equals(a.get(i).metadata(), b.get(i).metadata()))
            {
                return false;
            }
        }
        return true;
    }
}
