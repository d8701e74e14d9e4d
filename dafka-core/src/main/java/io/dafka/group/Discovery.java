package io.dafka.group;

/**
 * When a member that joined has heard the live members of its group (docs/groups.md#discovery): after the
 * discovery time, or after the quick discovery time since it joined and since its engine last heard of a new peer,
 * if it has heard as many members as peers subscribe to the group's heartbeats on its engine's data socket. Once
 * ended, discovery stays ended until the member joins again. Not thread-safe: the member's thread only.
 */
final class Discovery
{
    private final GroupSettings settings;
    private long joinedAt;
    private boolean ended;
    /** Peers that subscribe to the group's heartbeats on the engine's data socket, as its notices count them. */
    private int subscribers;
    /** When the engine last heard of a new peer; "never quiet" until the engine tells (quick discovery off). */
    private long peerAppearedAt = Long.MAX_VALUE / 2;

    Discovery(final GroupSettings settings)
    {
        this.settings = settings;
    }

    /** The member joined at {@code now}: discovery starts again. */
    void restart(final long now)
    {
        joinedAt = now;
        ended = false;
    }

    /** A peer subscribed to the group's heartbeats (verbose XPUB: every connection that subscribes counts). */
    void peerSubscribed()
    {
        subscribers++;
    }

    /** ZeroMQ reports an unsubscription only once no peer has the subscription left: none subscribes now. */
    void noPeerSubscribed()
    {
        subscribers = 0;
    }

    /** The engine heard of a new peer at {@code at} (or started tracking peers then). */
    void peerAppeared(final long at)
    {
        peerAppearedAt = at;
    }

    /** Whether discovery has ended by {@code now}, with {@code membersHeard} other members in the view. */
    boolean ended(final long now, final int membersHeard)
    {
        if (!ended)
        {
            final long quick = settings.quickDiscovery();
            ended = now - joinedAt >= settings.discoveryTime() ||
                now - joinedAt >= quick && now - peerAppearedAt >= quick && membersHeard >= subscribers;
        }
        return ended;
    }

    /** The first time after {@code time} at which discovery may end; {@link Long#MAX_VALUE} once it has ended. */
    long nextDeadlineAfter(final long time)
    {
        if (ended)
        {
            return Long.MAX_VALUE;
        }
        final long quick = Math.max(joinedAt, peerAppearedAt) + settings.quickDiscovery();
        final long full = joinedAt + settings.discoveryTime();
        return Math.min(quick > time ? quick : Long.MAX_VALUE, full > time ? full : Long.MAX_VALUE);
    }
}
