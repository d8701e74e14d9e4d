package io.dafka.group;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.dafka.codec.GroupHeartbeat;
import io.dafka.codec.GroupHeartbeat.Protocol;

/**
 * One member's view of the other live members of its group, built from their heartbeats: a member is in the view
 * from its first heartbeat until it heartbeats "leaving" or is not heard for the session timeout. Members are
 * keyed and ordered by identity ({@code group.instance.id} if static, else node address), so a static member that
 * restarts with a new address replaces its old entry. Heartbeats are ignored unless their sequence is above the
 * last one heard from the same address (reordered or repeated). The view notes when it last <em>changed</em>: a
 * member joined, left or changed its protocols.
 */
final class MemberView
{
    /** What the view knows of one other member. */
    record Member(String identity, String address, GenerationId held, List<Protocol> protocols, long lastHeard)
    {
    }

    /** The last sequence heard from an address, kept a session timeout beyond a leave against stale heartbeats. */
    private record Heard(long sequence, long at)
    {
    }

    private final long sessionTimeout;
    private final TreeMap<String, Member> members = new TreeMap<>();
    private final Map<String, Heard> heard = new HashMap<>();
    /** Identities that left or expired, and when: a generation that lists them need not wait for them. */
    private final Map<String, Long> departed = new HashMap<>();
    private long lastChange;

    MemberView(final long sessionTimeout, final long now)
    {
        this.sessionTimeout = sessionTimeout;
        this.lastChange = now;
    }

    /**
     * Applies a heartbeat of the member {@code identity}.
     *
     * @return whether the heartbeat was new (not older than one already heard from its address)
     */
    boolean onHeartbeat(final GroupHeartbeat heartbeat, final String identity, final long now)
    {
        final Heard last = heard.get(heartbeat.address());
        if (last != null && Long.compareUnsigned(heartbeat.sequence(), last.sequence()) <= 0)
        {
            return false;
        }
        heard.put(heartbeat.address(), new Heard(heartbeat.sequence(), now));
        final Member existing = members.get(identity);
        if (heartbeat.leaving())
        {
            if (existing != null && existing.address().equals(heartbeat.address()))
            {
                members.remove(identity);
                departed.put(identity, now);
                lastChange = now;
            }
            return true;
        }
        final GenerationId held = heartbeat.generation() == 0 ? GenerationId.NONE
            : new GenerationId(heartbeat.generation(), heartbeat.leader());
        members.put(identity, new Member(identity, heartbeat.address(), held, heartbeat.protocols(), now));
        departed.remove(identity);
        if (existing == null || !ProtocolChoice.same(existing.protocols(), heartbeat.protocols()))
        {
            lastChange = now;
        }
        return true;
    }

    /** Drops the members not heard for the session timeout. */
    void expire(final long now)
    {
        for (final Iterator<Member> it = members.values().iterator(); it.hasNext(); )
        {
            final Member member = it.next();
            if (now - member.lastHeard() >= sessionTimeout)
            {
                it.remove();
                departed.put(member.identity(), now);
                lastChange = now;
            }
        }
        heard.values().removeIf(entry -> now - entry.at() >= 2 * sessionTimeout);
        departed.values().removeIf(at -> now - at >= 2 * sessionTimeout);
    }

    /** The other live members, ordered by identity. */
    TreeMap<String, Member> members()
    {
        return members;
    }

    /**
     * Whether every other member is where {@code generation} needs it before anyone starts what it gives: a live
     * member of the generation holds exactly it, any other live member holds nothing, and a member the generation
     * lists but this view lacks is known to have left or expired, unless {@code heardEveryone} (this member has
     * listened for a whole session timeout, so a member it never heard is dead by the same rule as expiry).
     */
    boolean readyFor(final GenerationId generation, final Set<String> generationMembers, final String self,
        final boolean heardEveryone)
    {
        for (final Member member : members.values())
        {
            final GenerationId expected = generationMembers.contains(member.identity()) ? generation
                : GenerationId.NONE;
            if (!member.held().equals(expected))
            {
                return false;
            }
        }
        return heardEveryone || accountsFor(generationMembers, self);
    }

    /** Whether each of {@code identities} is {@code self}, a live member of this view, or known to have departed. */
    boolean accountsFor(final Set<String> identities, final String self)
    {
        for (final String identity : identities)
        {
            if (!identity.equals(self) && !members.containsKey(identity) && !departed.containsKey(identity))
            {
                return false;
            }
        }
        return true;
    }

    /** Whether some other live member holds something else than {@code generation}. */
    boolean anyHoldsOtherThan(final GenerationId generation)
    {
        return members.values().stream().anyMatch(member -> !member.held().equals(generation));
    }

    /** When a member last joined, left or changed its protocols. */
    long lastChange()
    {
        return lastChange;
    }

    /** When the next member expires if not heard again, or {@link Long#MAX_VALUE}. */
    long nextExpiry()
    {
        long next = Long.MAX_VALUE;
        for (final Member member : members.values())
        {
            next = Math.min(next, member.lastHeard() + sessionTimeout);
        }
        return next;
    }
}
