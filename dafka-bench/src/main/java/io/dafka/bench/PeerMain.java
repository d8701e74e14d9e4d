package io.dafka.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

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
 *   <li>{@code tower [key=value ...]}: a tower on ephemeral loopback ports, with those node settings (e.g.
 *       {@code security.enabled=true} and its key files); prints {@code ready <sub endpoint> <pub endpoint>};</li>
 *   <li>{@code store [key=value ...]}: a JVM for a durable store fsyncing per batch, every store it opens having
 *       those node settings too; prints {@code ready}, then opens a store at
 *       each {@code open <directory> <tower sub> <tower pub>} line (and prints {@code opened}) and
 *       closes it at each {@code close} line (and prints {@code closed}), so that a workload can add and remove
 *       stores without waiting for a JVM to start;</li>
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
    static final String OPENED = "opened";
    static final String CLOSED = "closed";
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
                final TowerNode tower = Loopback.startTower(settings(args).entrySet().stream()
                    .flatMap(setting -> Stream.of(setting.getKey(), setting.getValue())).toArray());
                runUntilStopped(tower, READY + " " + tower.subEndpoint() + " " + tower.pubEndpoint(), stdin);
            }
            case "store" -> store(stdin, settings(args));
            case "jeromq-sub" -> subscribe(stdin);
            default -> throw new IllegalArgumentException("no role " + args[0]);
        }
    }

    /** The {@code key=value} arguments after the role, in order. */
    private static Map<String, String> settings(final String[] args)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++)
        {
            final int equals = args[i].indexOf('=');
            if (equals < 1)
            {
                throw new IllegalArgumentException("expected key=value, got " + args[i]);
            }
            settings.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        return settings;
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

    /** A store JVM: opens and closes a store as told; closes it at the end of stdin or on SIGTERM. */
    private static void store(final BufferedReader stdin, final Map<String, String> settings) throws IOException
    {
        final OpenStore open = new OpenStore(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(open::close, "bench-store-close"));
        System.out.println(READY);
        System.out.flush();
        for (String line = stdin.readLine(); line != null; line = stdin.readLine())
        {
            final String[] words = line.split(" ");
            if (words[0].equals("open"))
            {
                open.open(words[1], words[2], words[3]);
                System.out.println(OPENED);
            }
            else if (line.equals("close"))
            {
                open.close();
                System.out.println(CLOSED);
            }
            System.out.flush();
        }
        open.close();
    }

    /** The store a store JVM has open, if any; the main thread and the shutdown hook close it once. */
    private static final class OpenStore
    {
        private final Map<String, String> settings;
        private DurableRecordStore records;
        private StoreNode store;

        OpenStore(final Map<String, String> settings)
        {
            this.settings = settings;
        }

        synchronized void open(final String directory, final String towerSub, final String towerPub)
        {
            close();
            final Map<String, Object> node = new HashMap<>();
            node.put("beacon.address", "127.0.0.1");
            node.put("beacon.sub_address", towerSub);
            node.put("beacon.pub_address", towerPub);
            node.put("beacon.interval", 100);
            node.put("store.db", directory);
            node.put("store.fsync", "batch");
            node.putAll(settings);
            final DafkaConfig config = DafkaConfig.of(node);
            records = DurableRecordStore.open(config);
            store = StoreNode.start(config, records);
        }

        synchronized void close()
        {
            if (store != null)
            {
                store.close();
                records.close();
                store = null;
                records = null;
            }
        }
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
