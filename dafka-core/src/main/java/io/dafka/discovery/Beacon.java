package io.dafka.discovery;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.AgentHost;
import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.Security;
import io.dafka.transport.Sockets;

/**
 * One node's beacon (docs/protocol.md#beacons), owned and driven by the node's agent on the agent's thread.
 * <pre>
 *   node to tower (PUB to the tower's XSUB):  "B" | sender address | host | port
 *   tower to node (SUB on the tower's XPUB):  "B" | sender address | "tcp://host:port"    or the welcome "W"
 * </pre>
 * Peers are keyed by endpoint; one that sends no beacon for {@code beacon.timeout} ms is disconnected by a
 * sweep that runs every second.
 */
public final class Beacon
{
    private static final Logger LOG = LoggerFactory.getLogger(Beacon.class);
    private static final long SWEEP_INTERVAL_MILLIS = 1000;
    private static final int MAX_MESSAGES_PER_WORK = 1000;
    private static final byte[] BEACON = {'B'};
    private static final byte[] WELCOME = {'W'};

    private final Clock clock;
    private final BeaconListener listener;
    private final NodeMetrics metrics;
    private final long interval;
    private final long timeout;
    private final String host;
    private final String towerEndpoints;
    private final boolean secured;
    private final ZMQ.Socket publisher;
    private final ZMQ.Socket subscriber;
    private final Map<String, Long> expiryByEndpoint = new HashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private String address;
    private String port;
    private long nextBeaconAt;
    private long nextSweepAt;

    public Beacon(final ZContext context, final DafkaConfig config, final Clock clock, final BeaconListener listener,
        final NodeMetrics metrics)
    {
        this(context, config, Security.of(config), clock, listener, metrics);
    }

    /** A beacon whose two sockets are CURVE clients of the tower when {@code security} is on. */
    Beacon(final ZContext context, final DafkaConfig config, final Security security, final Clock clock,
        final BeaconListener listener, final NodeMetrics metrics)
    {
        this.clock = clock;
        this.listener = listener;
        this.metrics = metrics;
        this.interval = config.get(DafkaConfig.BEACON_INTERVAL);
        this.timeout = config.get(DafkaConfig.BEACON_TIMEOUT);
        this.host = config.get(DafkaConfig.BEACON_ADDRESS);
        this.towerEndpoints = config.get(DafkaConfig.BEACON_SUB_ADDRESS) + " / " +
            config.get(DafkaConfig.BEACON_PUB_ADDRESS);
        this.secured = security.enabled();
        final long maxMessageSize = config.get(DafkaConfig.SOCKET_MAX_MESSAGE_SIZE);
        publisher = security.asClient(Sockets.create(context, SocketType.PUB, maxMessageSize));
        Sockets.attach(publisher, config.get(DafkaConfig.BEACON_SUB_ADDRESS), false);
        subscriber = security.asClient(Sockets.create(context, SocketType.SUB, maxMessageSize));
        subscriber.subscribe(WELCOME);
        subscriber.subscribe(BEACON);
        Sockets.attach(subscriber, config.get(DafkaConfig.BEACON_PUB_ADDRESS), false);
        nextSweepAt = clock.millis() + SWEEP_INTERVAL_MILLIS;
    }

    /** Registers the beacon's inbound socket with the agent's idle poller. */
    public void register(final ZMQ.Poller poller)
    {
        poller.register(subscriber, ZMQ.Poller.POLLIN);
    }

    /** Starts announcing {@code nodeAddress} with the port of the node's data socket. */
    public void start(final String nodeAddress, final int dataPort)
    {
        this.address = nodeAddress;
        this.port = Integer.toString(dataPort);
        publish();
    }

    /** Completes on the agent thread when the first tower welcome "W" arrives. */
    public CompletableFuture<Void> ready()
    {
        return ready;
    }

    /**
     * Waits until a tower welcomed this beacon; otherwise closes the node's {@code host} and throws a
     * {@link io.dafka.DafkaException} naming the role, the tower endpoints and the timeout.
     */
    public void awaitWelcome(final AgentHost host, final long timeoutMillis, final String role)
    {
        host.await(ready, timeoutMillis, () -> role + ": no tower answered at " + towerEndpoints + " within " +
            timeoutMillis + " ms (beacon.ready_timeout)" + (secured ? "; security is on: is this node's public key "
            + "on the tower's allow-list, and is the tower's server key this node's security.server_key_file?" : ""));
    }

    /** The tower endpoints, for error messages. */
    public String towerEndpoints()
    {
        return towerEndpoints;
    }

    /** Number of peer endpoints currently known. */
    public int peerCount()
    {
        return expiryByEndpoint.size();
    }

    /** Reads beacons and welcomes, sends this node's beacon when due, expires silent peers. */
    public int doWork()
    {
        int work = 0;
        for (int i = 0; i < MAX_MESSAGES_PER_WORK; i++)
        {
            final byte[] first = subscriber.recv(ZMQ.DONTWAIT);
            if (first == null)
            {
                break;
            }
            onMessage(first);
            work++;
        }
        final long now = clock.millis();
        if (address != null && now >= nextBeaconAt)
        {
            publish();
            work++;
        }
        if (now >= nextSweepAt)
        {
            nextSweepAt = now + SWEEP_INTERVAL_MILLIS;
            work += sweep(now);
        }
        return work;
    }

    /** Milliseconds until the next beacon or sweep is due. */
    public long idleMillis()
    {
        final long now = clock.millis();
        final long next = address == null ? nextSweepAt : Math.min(nextBeaconAt, nextSweepAt);
        return Math.max(0, next - now);
    }

    public void close()
    {
        publisher.close();
        subscriber.close();
    }

    private void onMessage(final byte[] first)
    {
        if (first.length == 1 && first[0] == 'W' && !subscriber.hasReceiveMore())
        {
            if (!ready.isDone())
            {
                ready.complete(null);
                if (address != null)
                {
                    publish(); // our PUB is connected too by now: let the others learn about us at once
                }
            }
            return;
        }
        final byte[] sender = subscriber.hasReceiveMore() ? subscriber.recv(ZMQ.DONTWAIT) : null;
        final byte[] endpoint = sender != null && subscriber.hasReceiveMore() ? subscriber.recv(ZMQ.DONTWAIT) : null;
        final boolean extraFrames = subscriber.hasReceiveMore();
        while (subscriber.hasReceiveMore())
        {
            subscriber.recv(ZMQ.DONTWAIT);
        }
        if (endpoint == null || extraFrames || first.length != 1 || first[0] != 'B')
        {
            metrics.increment(Metric.MALFORMED_DROPPED);
            return;
        }
        onBeacon(new String(sender, StandardCharsets.UTF_8), new String(endpoint, StandardCharsets.UTF_8));
    }

    private void onBeacon(final String sender, final String endpoint)
    {
        if (sender.equals(address))
        {
            return;
        }
        final Long previous = expiryByEndpoint.put(endpoint, clock.millis() + timeout);
        if (previous == null)
        {
            LOG.debug("{} connects to {} ({})", address, endpoint, sender);
            metrics.increment(Metric.PEERS_CONNECTED);
            listener.onConnect(endpoint);
            if (address != null)
            {
                publish(); // let the newcomer learn about us without waiting a whole interval
            }
        }
    }

    private int sweep(final long now)
    {
        int expired = 0;
        for (final Iterator<Map.Entry<String, Long>> it = expiryByEndpoint.entrySet().iterator(); it.hasNext(); )
        {
            final Map.Entry<String, Long> peer = it.next();
            if (peer.getValue() <= now)
            {
                it.remove();
                LOG.debug("{} disconnects from {}", address, peer.getKey());
                metrics.increment(Metric.PEERS_DISCONNECTED);
                listener.onDisconnect(peer.getKey());
                expired++;
            }
        }
        return expired;
    }

    private void publish()
    {
        publisher.sendMore(BEACON);
        publisher.sendMore(address);
        publisher.sendMore(host);
        publisher.send(port);
        nextBeaconAt = clock.millis() + interval;
    }
}
