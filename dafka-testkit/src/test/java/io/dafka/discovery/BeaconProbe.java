package io.dafka.discovery;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Agent;
import io.dafka.agent.AgentHost;
import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.transport.Addresses;
import io.dafka.transport.NodeMetrics;

/** A node that only beacons a given port and records the CONNECT / DISCONNECT events it sees. */
final class BeaconProbe implements Agent, BeaconListener, AutoCloseable
{
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final String address = Addresses.newAddress();
    private final DafkaConfig config;
    private final int port;
    private final AgentHost host;
    private Beacon beacon;

    BeaconProbe(final DafkaConfig config, final int port)
    {
        this.config = config;
        this.port = port;
        this.host = AgentHost.start(this, "beacon-probe");
        beacon.awaitWelcome(host, config.get(DafkaConfig.BEACON_READY_TIMEOUT), "beacon probe");
    }

    @Override
    public String roleName()
    {
        return "beacon-probe";
    }

    @Override
    public void onStart(final ZContext context, final ZMQ.Poller poller)
    {
        beacon = new Beacon(context, config, Clock.SYSTEM, this, new NodeMetrics());
        beacon.register(poller);
        beacon.start(address, port);
    }

    @Override
    public int doWork()
    {
        return beacon.doWork();
    }

    @Override
    public long idleMillis()
    {
        return beacon.idleMillis();
    }

    @Override
    public void onClose()
    {
        if (beacon != null)
        {
            beacon.close();
        }
    }

    @Override
    public void onConnect(final String endpoint)
    {
        events.add("CONNECT " + endpoint);
    }

    @Override
    public void onDisconnect(final String endpoint)
    {
        events.add("DISCONNECT " + endpoint);
    }

    @Override
    public void close()
    {
        host.close();
    }
}
