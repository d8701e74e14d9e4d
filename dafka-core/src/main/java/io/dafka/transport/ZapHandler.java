package io.dafka.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;

/**
 * A node's ZAP handler (ZeroMQ RFC 27): a REP socket bound to {@code inproc://zeromq.zap.01} in the node's context,
 * driven by the node's agent thread. It admits a CURVE client only if its public key is on the allow-list
 * ({@code security.allow_list}). Keys change without a restart: a key missing from the list as last read is looked
 * up in the file again at once (a refused client does not retry, so a key just added must be admitted at its first
 * handshake), and a key on it is checked against the file again once {@code security.allow_list.reload_interval}
 * ms have passed since the last read (a revoked key keeps its open connections until they close). A refusal costs
 * a read of a small file, less than the CURVE handshake that precedes it. A refused key is counted as
 * {@link Metric#PEERS_REFUSED} and logged once (for the first thousand keys).
 *
 * <p>It must be bound before any CURVE server socket of the context binds: JeroMQ lets every client in when no
 * handler is bound.
 */
public final class ZapHandler
{
    /** The endpoint ZeroMQ sends ZAP requests to. */
    public static final String ENDPOINT = "inproc://zeromq.zap.01";
    private static final Logger LOG = LoggerFactory.getLogger(ZapHandler.class);
    private static final int MAX_REQUESTS_PER_WORK = 100;
    private static final int MAX_KEYS_LOGGED = 1000;
    private static final int REQUEST_FRAMES = 7;
    private static final String CURVE = "CURVE";

    private final ZMQ.Socket socket;
    private final Clock clock;
    private final NodeMetrics metrics;
    private final Path file;
    private final long reloadInterval;
    private final Set<String> refusedLogged = new HashSet<>();
    private Set<String> allowed;
    private long nextReloadAt;

    /**
     * Reads the allow-list and binds the handler.
     *
     * @throws IllegalArgumentException if the allow-list cannot be read
     */
    public ZapHandler(final ZContext context, final DafkaConfig config, final Clock clock, final NodeMetrics metrics)
    {
        this.clock = clock;
        this.metrics = metrics;
        this.file = Path.of(config.get(DafkaConfig.SECURITY_ALLOW_LIST));
        this.reloadInterval = config.get(DafkaConfig.SECURITY_ALLOW_LIST_RELOAD_INTERVAL);
        this.allowed = AllowList.read(file);
        this.nextReloadAt = clock.millis() + reloadInterval;
        this.socket = context.createSocket(SocketType.REP);
        socket.setLinger(0);
        socket.bind(ENDPOINT);
    }

    /** Registers the handler's socket with the agent's idle poller. */
    public void register(final ZMQ.Poller poller)
    {
        poller.register(socket, ZMQ.Poller.POLLIN);
    }

    /** Answers the waiting ZAP requests. */
    public int doWork()
    {
        int work = 0;
        for (; work < MAX_REQUESTS_PER_WORK; work++)
        {
            final byte[][] request = new byte[REQUEST_FRAMES][];
            int frames = 0;
            byte[] frame = socket.recv(ZMQ.DONTWAIT);
            if (frame == null)
            {
                break;
            }
            while (true)
            {
                if (frames < REQUEST_FRAMES)
                {
                    request[frames] = frame;
                }
                frames++;
                if (!socket.hasReceiveMore())
                {
                    break;
                }
                frame = socket.recv(0);
            }
            answer(request, frames);
        }
        return work;
    }

    public void close()
    {
        socket.close();
    }

    private void answer(final byte[][] request, final int frames)
    {
        // version, request id, domain, address, identity, mechanism, credentials
        final String mechanism = frames >= 6 ? new String(request[5], StandardCharsets.US_ASCII) : "";
        final boolean curve = frames == REQUEST_FRAMES && CURVE.equals(mechanism) &&
            request[6].length == ZMQ.Curve.KEY_SIZE;
        final String key = curve ? ZMQ.Curve.z85Encode(request[6]) : "";
        final boolean admitted = curve && admits(key);
        if (!admitted)
        {
            metrics.increment(Metric.PEERS_REFUSED);
            if (refusedLogged.size() < MAX_KEYS_LOGGED && refusedLogged.add(key))
            {
                LOG.warn("refused a {} peer {}: {}", mechanism.isEmpty() ? "malformed" : mechanism,
                    frames >= 4 ? new String(request[3], StandardCharsets.UTF_8) : "?",
                    curve ? "key " + key + " is not on the allow-list " + file : "not a CURVE client");
            }
        }
        socket.sendMore("1.0");
        socket.sendMore(frames >= 2 ? request[1] : new byte[0]);
        socket.sendMore(admitted ? "200" : "400");
        socket.sendMore(admitted ? "OK" : "NO ACCESS");
        socket.sendMore(key);
        socket.send(new byte[0], 0);
    }

    /** Whether {@code key} is on the allow-list, reading the file again on a miss or once the interval passed. */
    private boolean admits(final String key)
    {
        final long now = clock.millis();
        if (!allowed.contains(key) || now >= nextReloadAt)
        {
            nextReloadAt = now + reloadInterval;
            try
            {
                final Set<String> reloaded = AllowList.read(file);
                if (!reloaded.equals(allowed))
                {
                    LOG.info("allow-list {} reloaded: {} keys", file, reloaded.size());
                    allowed = reloaded;
                }
            }
            catch (final IllegalArgumentException e)
            {
                LOG.warn("allow-list not reloaded, keeping the {} keys read before: {}", allowed.size(),
                    e.getMessage());
            }
        }
        return allowed.contains(key);
    }
}
