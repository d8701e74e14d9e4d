package io.dafka.kafka.admin.internals;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.dafka.DafkaException;
import io.dafka.agent.AgentHost;
import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;

/**
 * The Admin's presence on the mesh: its listening engine ({@link AdminAgent}) on a thread of its own, and what it
 * heard. A call about topics or groups first waits until the node has listened for the listen time
 * ({@code dafka.admin.listen.ms}) since it started, so that it has heard every live producer's HEAD, every store's
 * summary and a heartbeat of every live group member.
 */
public final class AdminNode implements AutoCloseable
{
    private final ObservedPartitions partitions = new ObservedPartitions();
    private final ObservedGroups groups = new ObservedGroups();
    private final Clock clock;
    private final long listenMillis;
    private final AgentHost host;
    private final long startedAt;

    /**
     * Starts the engine and waits for a tower's welcome.
     *
     * @throws DafkaException if no tower answers within {@code beacon.ready_timeout}
     */
    public AdminNode(final DafkaConfig config, final Clock clock, final long listenMillis)
    {
        this.clock = clock;
        this.listenMillis = listenMillis;
        final AdminAgent agent = new AdminAgent(config, clock, partitions, groups);
        this.host = AgentHost.start(agent, "dafka-admin");
        try
        {
            agent.beacon().awaitWelcome(host, config.get(DafkaConfig.BEACON_READY_TIMEOUT), "admin");
        }
        catch (final RuntimeException e)
        {
            host.close();
            throw e;
        }
        this.startedAt = clock.millis();
    }

    /** Waits until the node has listened for the listen time. */
    void awaitListened() throws InterruptedException
    {
        final long remaining = startedAt + listenMillis - clock.millis();
        if (remaining > 0)
        {
            TimeUnit.MILLISECONDS.sleep(remaining);
        }
    }

    /** The topics heard of, after the listen time. */
    Map<String, Map<String, ObservedPartitions.Partition>> topics() throws InterruptedException
    {
        awaitListened();
        return partitions.topics();
    }

    ObservedPartitions partitions()
    {
        return partitions;
    }

    /** The groups heard of, after the listen time; live members are those heard within the listen time. */
    Map<String, ObservedGroups.Group> groups() throws InterruptedException
    {
        awaitListened();
        return groups.groups(clock.millis() - listenMillis);
    }

    /** A group, after the listen time, or null if it was never heard of. */
    ObservedGroups.Group group(final String id) throws InterruptedException
    {
        awaitListened();
        return groups.group(id, clock.millis() - listenMillis);
    }

    @Override
    public void close()
    {
        host.close();
    }
}
