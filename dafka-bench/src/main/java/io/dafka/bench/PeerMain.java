package io.dafka.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.config.DafkaConfig;
import io.dafka.discovery.TowerNode;
import io.dafka.store.StoreNode;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.Loopback;

/**
 * Main class of the bench's child JVMs ({@link PeerProcess}): {@code PeerMain <role> <args>}, where the role is
 * <ul>
 *   <li>{@code tower}: a tower on ephemeral loopback ports; prints {@code ready <sub endpoint> <pub endpoint>};</li>
 *   <li>{@code store <directory> <tower sub> <tower pub>}: a durable store fsyncing per batch; prints
 *       {@code ready};</li>
 *   <li>{@code jeromq-sub}: a JeroMQ subscriber with a context of its own; prints {@code ready}, then for each
 *       {@code run <endpoint> <messages>} line it connects a SUB socket, receives that many two-frame messages and
 *       prints {@code done <received> <out of order> <nanoTime of the last>}.</li>
 * </ul>
 * It runs until its stdin ends (the bench closed it, or went away) or it gets SIGTERM, and then closes its peer.
 */
public final class PeerMain
{
    static final String READY = "ready";
    static final String DONE = "done";
    /** The subscription prefix of the JeroMQ reference's header frames. */
    static final byte[] REFERENCE_PREFIX = "M".getBytes(StandardCharsets.US_ASCII);
    private static final int RECEIVE_TIMEOUT_MS = 100;
    private static final long RUN_TIMEOUT_NS = 120_000_000_000L;

    private PeerMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        switch (args[0])
        {
            case "tower" ->
            {
                final TowerNode tower = Loopback.startTower();
                runUntilStopped(tower, READY + " " + tower.subEndpoint() + " " + tower.pubEndpoint(), stdin);
            }
            case "store" ->
            {
                final Map<String, Object> node = new HashMap<>();
                node.put("beacon.address", "127.0.0.1");
                node.put("beacon.sub_address", args[2]);
                node.put("beacon.pub_address", args[3]);
                node.put("beacon.interval", 100);
                node.put("store.db", args[1]);
                node.put("store.fsync", "batch");
                final DafkaConfig config = DafkaConfig.of(node);
                final DurableRecordStore records = DurableRecordStore.open(config);
                final StoreNode store = StoreNode.start(config, records);
                runUntilStopped(() ->
                {
                    store.close();
                    records.close();
                }, READY, stdin);
            }
            case "jeromq-sub" -> subscribe(stdin);
            default -> throw new IllegalArgumentException("no role " + args[0]);
        }
    }

    /** Prints {@code ready}, waits for the end of stdin or SIGTERM, then closes {@code peer} once. */
    private static void runUntilStopped(final AutoCloseable peer, final String ready, final BufferedReader stdin)
        throws IOException
    {
        final AtomicBoolean closed = new AtomicBoolean();
        final Runnable close = () ->
        {
            if (closed.compareAndSet(false, true))
            {
                try
                {
                    peer.close();
                }
                catch (final Exception e)
                {
                    e.printStackTrace();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(close, "bench-peer-close"));
        System.out.println(ready);
        System.out.flush();
        while (stdin.readLine() != null)
        {
            // nothing to do but wait for the end
        }
        close.run();
    }

    /** The JeroMQ reference's subscriber: one run per line. */
    private static void subscribe(final BufferedReader stdin) throws IOException
    {
        try (ZContext context = new ZContext(1))
        {
            context.setLinger(0);
            System.out.println(READY);
            System.out.flush();
            for (String line = stdin.readLine(); line != null; line = stdin.readLine())
            {
                final String[] words = line.split(" ");
                final ZMQ.Socket socket = context.createSocket(SocketType.SUB);
                socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
                socket.connect(words[1]);
                socket.subscribe(REFERENCE_PREFIX);
                final long messages = Long.parseLong(words[2]);
                final long deadline = System.nanoTime() + RUN_TIMEOUT_NS;
                long received = 0;
                long outOfOrder = 0;
                long last = 0;
                while (received < messages && System.nanoTime() < deadline)
                {
                    if (socket.recv() == null)
                    {
                        continue;
                    }
                    final byte[] content = socket.hasReceiveMore() ? socket.recv() : null;
                    if (content != null && ByteBuffer.wrap(content).getLong(0) == received)
                    {
                        received++;
                        last = System.nanoTime();
                    }
                    else
                    {
                        outOfOrder++;
                    }
                }
                context.destroySocket(socket);
                System.out.println(DONE + " " + received + " " + outOfOrder + " " + last);
                System.out.flush();
            }
        }
    }
}
