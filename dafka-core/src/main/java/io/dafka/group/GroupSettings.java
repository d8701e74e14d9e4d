package io.dafka.group;

/**
 * The timings of one group member, all in milliseconds. The Kafka layer maps {@code session.timeout.ms},
 * {@code heartbeat.interval.ms} and {@code max.poll.interval.ms} onto the first three; {@link #of} derives the
 * others from them.
 *
 * @param sessionTimeout  a member not heard for this long is dropped from the view
 * @param heartbeatInterval how often a member heartbeats; also the fastest a leader republishes an assignment
 * @param maxPollInterval a member whose application has not polled for this long leaves the group
 * @param stableDelay     a leader computes only once its view has not changed for this long ...
 * @param maxStableWait   ... or once it has waited this long for that, so that a churning group still progresses
 * @param discoveryTime   after joining, a member neither leads nor starts anything before it has listened this
 *                        long, so that it has heard every live member first ...
 * @param quickDiscovery  ... unless it has listened this long, no new peer has appeared for this long, and it has
 *                        heard as many members as peers subscribe to the group's heartbeats on its data socket
 */
public record GroupSettings(long sessionTimeout, long heartbeatInterval, long maxPollInterval, long stableDelay,
    long maxStableWait, long discoveryTime, long quickDiscovery)
{
    public GroupSettings
    {
        positive("sessionTimeout", sessionTimeout);
        positive("heartbeatInterval", heartbeatInterval);
        positive("maxPollInterval", maxPollInterval);
        positive("stableDelay", stableDelay);
        positive("maxStableWait", maxStableWait);
        positive("discoveryTime", discoveryTime);
        positive("quickDiscovery", quickDiscovery);
        if (heartbeatInterval >= sessionTimeout)
        {
            throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval +
                ") must be below sessionTimeout (" + sessionTimeout + ")");
        }
        if (discoveryTime <= heartbeatInterval)
        {
            throw new IllegalArgumentException("discoveryTime (" + discoveryTime +
                ") must exceed heartbeatInterval (" + heartbeatInterval + ") so a member hears everyone first");
        }
        if (quickDiscovery > discoveryTime)
        {
            throw new IllegalArgumentException("quickDiscovery (" + quickDiscovery +
                ") must not exceed discoveryTime (" + discoveryTime + ")");
        }
    }

    /**
     * Kafka's three settings, with the view considered stable after half a heartbeat interval without change (at
     * most a session timeout of waiting), a discovery time of three heartbeat intervals (at most the session
     * timeout) and a quick discovery of half a heartbeat interval.
     */
    public static GroupSettings of(final long sessionTimeout, final long heartbeatInterval,
        final long maxPollInterval)
    {
        final long half = Math.max(1, heartbeatInterval / 2);
        return new GroupSettings(sessionTimeout, heartbeatInterval, maxPollInterval, half, sessionTimeout,
            Math.min(3 * heartbeatInterval, sessionTimeout), half);
    }

    private static void positive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
