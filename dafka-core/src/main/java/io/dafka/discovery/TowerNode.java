package io.dafka.discovery;

import java.util.List;

import io.dafka.agent.AgentHost;
import io.dafka.config.DafkaConfig;
import io.dafka.transport.NodeMetrics;

/**
 * A running tower. Binds {@code tower.sub_address} and {@code tower.pub_address} (a port {@code *} picks an
 * ephemeral port; {@link #subEndpoint()} and {@link #pubEndpoint()} tell which).
 */
public final class TowerNode implements AutoCloseable
{
    private final NodeMetrics metrics = new NodeMetrics();
    private final TowerAgent agent;
    private final AgentHost host;

    private TowerNode(final DafkaConfig config)
    {
        this.agent = new TowerAgent(config, metrics);
        this.host = AgentHost.start(agent, "dafka-tower");
    }

    /** Binds and starts relaying; fails with {@link io.dafka.DafkaException} if an endpoint cannot be bound. */
    public static TowerNode start(final DafkaConfig config)
    {
        return new TowerNode(config);
    }

    /** The first bound XSUB endpoint, where nodes' beacons publish (the nodes' {@code beacon.sub_address}). */
    public String subEndpoint()
    {
        return agent.subEndpoints().get(0);
    }

    /** The first bound XPUB endpoint, where nodes listen (the nodes' {@code beacon.pub_address}). */
    public String pubEndpoint()
    {
        return agent.pubEndpoints().get(0);
    }

    /** Every bound endpoint, XSUB side then XPUB side. */
    public List<String> endpoints()
    {
        return List.of(String.join(",", agent.subEndpoints()), String.join(",", agent.pubEndpoints()));
    }

    public NodeMetrics metrics()
    {
        return metrics;
    }

    @Override
    public void close()
    {
        host.close();
    }
}
