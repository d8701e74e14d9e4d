package io.dafka.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Agent;
import io.dafka.agent.AgentHost;
import io.dafka.agent.Clock;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.config.DafkaConfig;
import io.dafka.discovery.NodeMesh;
import io.dafka.transport.Addresses;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.Sockets;

/**
 * The "test peer" of docs/protocol.md#behaviour-scenarios: a fake node that beacons like a consumer, binds an XPUB,
 * subscribes to everything, records what it receives and injects raw messages. Thread-safe for the test thread.
 */
public final class TestPeer implements AutoCloseable
{
    /** How long the waits for a message or a subscription last: long, as a busy 2-core machine needs. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String address = Addresses.newAddress();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> subscriptions = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<byte[][]> outbox = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> connects = new ConcurrentLinkedQueue<>();
    private final PeerAgent agent;
    private final AgentHost host;

    public TestPeer(final DafkaConfig config)
    {
        this(config, true);
    }

    private TestPeer(final DafkaConfig config, final boolean awaitWelcome)
    {
        agent = new PeerAgent(config);
        host = AgentHost.start(agent, "test-peer");
        if (awaitWelcome)
        {
            agent.mesh.beacon().awaitWelcome(host, 10_000, "test peer");
        }
    }

    /** A test peer that starts beaconing without waiting for a tower's welcome (one the tower may refuse). */
    public static TestPeer withoutWelcome(final DafkaConfig config)
    {
        return new TestPeer(config, false);
    }

    /** Connects the peer's SUB to {@code endpoint} as if a beacon had announced it (a scanner's guess). */
    public void connect(final String endpoint)
    {
        connects.add(endpoint);
        host.runner().wake();
    }

    public String address()
    {
        return address;
    }

    /** Publishes {@code message} on the peer's XPUB (header frame, plus content for records). */
    public void send(final DafkaMessage message)
    {
        final byte[] header = message.encode();
        if (message instanceof Record record)
        {
            sendRaw(header, record.content());
        }
        else if (message instanceof DirectRecord record)
        {
            sendRaw(header, record.content());
        }
        else
        {
            sendRaw(header);
        }
    }

    /** Publishes arbitrary frames as one multipart message. */
    public void sendRaw(final byte[]... frames)
    {
        outbox.add(frames);
        host.runner().wake();
    }

    /** The next received message of {@code type} that matches, skipping others; fails after {@link #PATIENCE}. */
    public Received await(final MessageType type, final Predicate<Received> matching) throws InterruptedException
    {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline)
        {
            final Received next = received.poll(50, TimeUnit.MILLISECONDS);
            if (next != null && next.type() == type && matching.test(next))
            {
                return next;
            }
        }
        throw new AssertionError("no " + type + " matching within " + PATIENCE);
    }

    public Received await(final MessageType type) throws InterruptedException
    {
        return await(type, any -> true);
    }

    /** The next message of any type, or null after {@code millis}. */
    public Received next(final long millis) throws InterruptedException
    {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Drops everything received so far. */
    public void clear()
    {
        received.clear();
    }

    /**
     * Waits until some peer subscribed to {@code type + topic} on our XPUB: from then on what we publish with
     * that prefix reaches it.
     */
    public void awaitSubscription(final MessageType type, final String topic) throws InterruptedException
    {
        awaitSubscriptions(List.of(SubscriptionNotice.subscription(type, topic)));
    }

    /**
     * Waits until peers subscribed to every one of {@code wanted} (each {@code id + topic bytes}) on our XPUB,
     * in any order; fails after {@link #PATIENCE} naming those still missing.
     */
    public void awaitSubscriptions(final List<byte[]> wanted) throws InterruptedException
    {
        final List<byte[]> missing = new ArrayList<>();
        for (final byte[] subscription : wanted)
        {
            final byte[] notice = new byte[subscription.length + 1];
            notice[0] = 0x01;
            System.arraycopy(subscription, 0, notice, 1, subscription.length);
            missing.add(notice);
        }
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline)
        {
            final byte[] next = subscriptions.poll(50, TimeUnit.MILLISECONDS);
            if (next != null)
            {
                missing.removeIf(notice -> Arrays.equals(notice, next));
            }
        }
        if (!missing.isEmpty())
        {
            throw new AssertionError("nobody subscribed to " + missing.stream()
                .map(notice -> new String(notice, 1, notice.length - 1, StandardCharsets.UTF_8)).toList() +
                " within " + PATIENCE);
        }
    }

    @Override
    public void close()
    {
        host.close();
    }

    private final class PeerAgent implements Agent
    {
        private final DafkaConfig config;
        private final MessageDecoder decoder = new MessageDecoder();
        private NodeMesh mesh;
        private ZMQ.Socket publisher;
        private ZMQ.Socket subscriber;

        PeerAgent(final DafkaConfig config)
        {
            this.config = config;
        }

        @Override
        public String roleName()
        {
            return "test-peer";
        }

        @Override
        public void onStart(final ZContext context, final ZMQ.Poller poller)
        {
            publisher = Sockets.create(context, SocketType.XPUB, 1 << 26);
            publisher.setXpubVerbose(true);
            subscriber = Sockets.create(context, SocketType.SUB, 1 << 26);
            subscriber.subscribe(new byte[0]);
            mesh = new NodeMesh(context, config, Clock.SYSTEM, new NodeMetrics(), poller, publisher, subscriber);
            poller.register(publisher, ZMQ.Poller.POLLIN);
            mesh.start(address);
        }

        @Override
        public int doWork()
        {
            int work = mesh.doWork();
            for (String endpoint = connects.poll(); endpoint != null; endpoint = connects.poll())
            {
                mesh.onConnect(endpoint);
                work++;
            }
            for (byte[][] frames = outbox.poll(); frames != null; frames = outbox.poll())
            {
                for (int i = 0; i < frames.length; i++)
                {
                    publisher.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
                }
                work++;
            }
            for (byte[] notice = publisher.recv(ZMQ.DONTWAIT); notice != null; notice = publisher.recv(ZMQ.DONTWAIT))
            {
                subscriptions.add(notice);
                work++;
            }
            for (byte[] header = subscriber.recv(ZMQ.DONTWAIT); header != null; header = subscriber.recv(ZMQ.DONTWAIT))
            {
                final List<byte[]> rest = new ArrayList<>();
                while (subscriber.hasReceiveMore())
                {
                    rest.add(subscriber.recv(0));
                }
                final DafkaMessage message = decoder.decode(header);
                if (message instanceof Record record && rest.size() == 1)
                {
                    record.content(rest.get(0));
                }
                else if (message instanceof DirectRecord record && rest.size() == 1)
                {
                    record.content(rest.get(0));
                }
                if (message != null)
                {
                    received.add(Received.of(message));
                }
                work++;
            }
            return work;
        }

        @Override
        public long idleMillis()
        {
            return mesh.idleMillis();
        }

        @Override
        public void onClose()
        {
            if (mesh != null)
            {
                mesh.close();
            }
        }
    }
}
