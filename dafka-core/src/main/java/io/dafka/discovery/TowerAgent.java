package io.dafka.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Agent;
import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.Security;
import io.dafka.transport.Sockets;
import io.dafka.transport.ZapHandler;

import zmq.Msg;
import zmq.io.Metadata;

/**
 * The tower (docs/protocol.md#towers): relays each node's 4-frame beacon from its XSUB to every node as a 3-frame
 * beacon carrying a full endpoint, forwards subscriptions from its XPUB to its XSUB, and answers every new "W"
 * subscription with the welcome frame "W". Stateless; carries no data. With {@code security.enabled} both sockets
 * are CURVE servers behind a {@link ZapHandler}, so a node whose key is not allowed is neither relayed nor told of
 * others.
 */
final class TowerAgent implements Agent
{
    private static final int MAX_MESSAGES_PER_WORK = 1000;
    private static final int BEACON_FRAMES = 4;
    private static final byte SUBSCRIBE = 1;
    private static final byte UNSUBSCRIBE = 0;
    private static final byte[] WELCOME = {'W'};

    private final DafkaConfig config;
    private final NodeMetrics metrics;
    private final List<byte[]> frames = new ArrayList<>(BEACON_FRAMES);
    private final List<String> subEndpoints = new ArrayList<>();
    private final List<String> pubEndpoints = new ArrayList<>();
    private ZMQ.Socket inbound;
    private ZMQ.Socket outbound;
    private ZapHandler zap;
    private String ownHost;

    TowerAgent(final DafkaConfig config, final NodeMetrics metrics)
    {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public String roleName()
    {
        return "dafka-tower";
    }

    @Override
    public void onStart(final ZContext context, final ZMQ.Poller poller)
    {
        final long maxMessageSize = config.get(DafkaConfig.SOCKET_MAX_MESSAGE_SIZE);
        final Security security = Security.of(config);
        if (security.enabled())
        {
            zap = new ZapHandler(context, config, Clock.SYSTEM, metrics);
            zap.register(poller);
        }
        inbound = security.asServer(Sockets.create(context, SocketType.XSUB, maxMessageSize));
        outbound = security.asServer(Sockets.create(context, SocketType.XPUB, maxMessageSize));
        outbound.setXpubVerbose(true);
        bindAll(inbound, config.get(DafkaConfig.TOWER_SUB_ADDRESS), subEndpoints);
        bindAll(outbound, config.get(DafkaConfig.TOWER_PUB_ADDRESS), pubEndpoints);
        poller.register(inbound, ZMQ.Poller.POLLIN);
        poller.register(outbound, ZMQ.Poller.POLLIN);
    }

    List<String> subEndpoints()
    {
        return Collections.unmodifiableList(subEndpoints);
    }

    List<String> pubEndpoints()
    {
        return Collections.unmodifiableList(pubEndpoints);
    }

    @Override
    public int doWork()
    {
        int work = zap == null ? 0 : zap.doWork();
        for (int i = 0; i < MAX_MESSAGES_PER_WORK && relayBeacon(); i++)
        {
            work++;
        }
        for (int i = 0; i < MAX_MESSAGES_PER_WORK && handleSubscription(); i++)
        {
            work++;
        }
        return work;
    }

    @Override
    public long idleMillis()
    {
        return Long.MAX_VALUE;
    }

    @Override
    public void onClose()
    {
        if (inbound != null)
        {
            inbound.close();
        }
        if (outbound != null)
        {
            outbound.close();
        }
        if (zap != null)
        {
            zap.close();
        }
    }

    private boolean relayBeacon()
    {
        final Msg first = inbound.base().recv(ZMQ.DONTWAIT);
        if (first == null)
        {
            return false;
        }
        final String peerAddress = first.getMetadata() == null ? null :
            first.getMetadata().get(Metadata.PEER_ADDRESS);
        frames.clear();
        frames.add(first.data());
        boolean more = first.hasMore();
        while (more)
        {
            final Msg next = inbound.base().recv(ZMQ.DONTWAIT);
            if (next == null)
            {
                break;
            }
            if (frames.size() <= BEACON_FRAMES)
            {
                frames.add(next.data());
            }
            more = next.hasMore();
        }
        if (frames.size() != BEACON_FRAMES || !isText(frames.get(0), "B"))
        {
            metrics.increment(Metric.MALFORMED_DROPPED);
            return true;
        }
        final String host = new String(frames.get(2), StandardCharsets.UTF_8);
        final String port = new String(frames.get(3), StandardCharsets.UTF_8);
        if (!port.chars().allMatch(Character::isDigit) || port.isEmpty())
        {
            metrics.increment(Metric.MALFORMED_DROPPED);
            return true;
        }
        final String endpoint = "tcp://" + (host.isEmpty() ? guessHost(peerAddress) : host) + ":" + port;
        metrics.increment(Metric.MESSAGES_RECEIVED);
        outbound.sendMore(frames.get(0));
        outbound.sendMore(frames.get(1));
        outbound.send(endpoint);
        return true;
    }

    private boolean handleSubscription()
    {
        final byte[] notice = outbound.recv(ZMQ.DONTWAIT);
        if (notice == null)
        {
            return false;
        }
        if (notice.length >= 2 && notice[0] == SUBSCRIBE && notice[1] == 'W')
        {
            outbound.send(WELCOME, 0);
        }
        else if (notice.length >= 1 && (notice[0] == SUBSCRIBE || notice[0] == UNSUBSCRIBE))
        {
            if (notice.length < 2 || notice[1] != 'W')
            {
                inbound.send(notice, 0);
            }
        }
        else
        {
            metrics.increment(Metric.MALFORMED_DROPPED);
        }
        return true;
    }

    /**
     * The host of a beacon that named none: the sender's IP as seen by the tower, or, when that is loopback or
     * unknown (inproc), the tower's own first non-loopback interface address, as the C tower does.
     */
    private String guessHost(final String peerAddress)
    {
        final String peerIp = peerIp(peerAddress);
        if (peerIp != null && !peerIp.startsWith("127.") && !peerIp.equals("::1"))
        {
            return peerIp;
        }
        if (ownHost == null)
        {
            ownHost = firstNonLoopbackAddress();
        }
        return ownHost != null ? ownHost : (peerIp != null ? peerIp : "127.0.0.1");
    }

    private static String peerIp(final String peerAddress)
    {
        if (peerAddress == null || peerAddress.isEmpty())
        {
            return null;
        }
        String ip = peerAddress.startsWith("/") ? peerAddress.substring(1) : peerAddress;
        final int colon = ip.lastIndexOf(':');
        if (colon > 0 && ip.indexOf(':') == colon)
        {
            ip = ip.substring(0, colon); // IPv4 "a.b.c.d:port"
        }
        return ip;
    }

    private static String firstNonLoopbackAddress()
    {
        try
        {
            for (final NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces()))
            {
                if (!nic.isUp() || nic.isLoopback())
                {
                    continue;
                }
                for (final InetAddress address : Collections.list(nic.getInetAddresses()))
                {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress())
                    {
                        return address.getHostAddress();
                    }
                }
            }
        }
        catch (final SocketException e)
        {
            return null;
        }
        return null;
    }

    private static void bindAll(final ZMQ.Socket socket, final String endpoints, final List<String> bound)
    {
        for (final String raw : endpoints.split(","))
        {
            final String endpoint = raw.trim();
            if (!endpoint.isEmpty())
            {
                Sockets.attach(socket, endpoint, true);
                bound.add(socket.getLastEndpoint());
            }
        }
    }

    private static boolean isText(final byte[] frame, final String text)
    {
        return new String(frame, StandardCharsets.UTF_8).equals(text);
    }
}
