package io.dafka.discovery;

import java.util.List;

import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.Security;
import io.dafka.transport.Sockets;
import io.dafka.transport.ZapHandler;

/**
 * What every node has besides its own logic: one data socket, bound to an ephemeral port on {@code beacon.address}
 * and announced by a {@link Beacon}, and SUB sockets connected to every peer the beacon hears of
 * (docs/protocol.md#beacons, #data-sockets). Owned and driven by the node's agent, on the agent's thread.
 * With {@code security.enabled} the data socket is a CURVE server behind a {@link ZapHandler} and the
 * subscribers are CURVE clients (docs/security.md).
 */
public final class NodeMesh implements BeaconListener
{
    private final Beacon beacon;
    private final ZapHandler zap;
    private final ZMQ.Socket publisher;
    private final List<ZMQ.Socket> subscribers;
    private final String host;
    private final int port;
    private final Clock clock;
    private long peerAppearedAt;

    /**
     * Binds {@code publisher}, creates the beacon, and registers the beacon and {@code subscribers} with the
     * agent's idle poller.
     */
    public NodeMesh(final ZContext context, final DafkaConfig config, final Clock clock, final NodeMetrics metrics,
        final ZMQ.Poller poller, final ZMQ.Socket publisher, final ZMQ.Socket... subscribers)
    {
        this.publisher = publisher;
        this.subscribers = List.of(subscribers);
        this.clock = clock;
        this.peerAppearedAt = clock.millis();
        final String beaconHost = config.get(DafkaConfig.BEACON_ADDRESS);
        this.host = beaconHost.isEmpty() ? "127.0.0.1" : beaconHost;
        final Security security = Security.of(config);
        this.zap = security.enabled() ? new ZapHandler(context, config, clock, metrics) : null;
        if (zap != null)
        {
            zap.register(poller);
        }
        this.port = Sockets.bindEphemeral(security.asServer(publisher), beaconHost);
        this.beacon = new Beacon(context, config, security, clock, this, metrics);
        beacon.register(poller);
        for (final ZMQ.Socket subscriber : subscribers)
        {
            security.asClient(subscriber);
            poller.register(subscriber, ZMQ.Poller.POLLIN);
        }
    }

    /** Starts announcing the data socket under {@code address}. */
    public void start(final String address)
    {
        beacon.start(address, port);
    }

    public Beacon beacon()
    {
        return beacon;
    }

    /** The announced host: {@code beacon.address}, or 127.0.0.1 when it is empty (bound on all interfaces). */
    public String host()
    {
        return host;
    }

    public int port()
    {
        return port;
    }

    /** {@code tcp://host:port} of the data socket. */
    public String endpoint()
    {
        return "tcp://" + host + ":" + port;
    }

    public int doWork()
    {
        return beacon.doWork() + (zap == null ? 0 : zap.doWork());
    }

    public long idleMillis()
    {
        return beacon.idleMillis();
    }

    /** When the beacon last heard of a new peer (at first: when this mesh was made), on the node's clock. */
    public long peerAppearedAt()
    {
        return peerAppearedAt;
    }

    @Override
    public void onConnect(final String endpoint)
    {
        peerAppearedAt = clock.millis();
        for (final ZMQ.Socket subscriber : subscribers)
        {
            subscriber.connect(endpoint);
        }
    }

    @Override
    public void onDisconnect(final String endpoint)
    {
        for (final ZMQ.Socket subscriber : subscribers)
        {
            subscriber.disconnect(endpoint);
        }
    }

    /** Closes the beacon and every socket given. */
    public void close()
    {
        beacon.close();
        publisher.close();
        if (zap != null)
        {
            zap.close();
        }
        subscribers.forEach(ZMQ.Socket::close);
    }
}
