package io.dafka.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Workload 5: the transport's ceiling. A PUB socket (XPUB, to learn when the subscription has arrived) sends
 * single-frame messages of the throughput workload's sizes over {@code tcp://127.0.0.1} to a SUB socket owned by
 * another thread; with {@code XPUB_NODROP} a full pipe blocks the sender instead of dropping. Figure: messages per second from the
 * first send to the last receive, set against Dafka's end-to-end throughput with the same size.
 */
final class JeroMqCeilingWorkload implements Workload
{
    private static final String RATE = "rec/s";
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(60);
    private static final int RECEIVE_TIMEOUT_MS = 100;

    @Override
    public String name()
    {
        return "jeromq";
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        for (final int size : List.of(ThroughputWorkload.SMALL, ThroughputWorkload.LARGE))
        {
            final List<Outcome> measured = Trials.repeat("JeroMQ PUB/SUB " + size + " B", "JeroMQ", scale.warmUps(),
                scale.trials(), () -> trial(scale.ceilingMessages(), size), results);
            results.ceiling("transport ceiling", "raw JeroMQ, " + size + " B", RATE, measured, RATE,
                ThroughputWorkload.endToEndFigure(size));
        }
    }

    /** Sends {@code messages} messages of {@code size} bytes from PUB to SUB and counts them in order. */
    static Outcome trial(final int messages, final int size)
    {
        final long deadline = System.nanoTime() + MIN_TIMEOUT.toNanos();
        try (ZContext context = new ZContext(1))
        {
            context.setLinger(0);
            final ZMQ.Socket publisher = context.createSocket(SocketType.XPUB);
            publisher.setXpubNoDrop(true);
            publisher.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
            publisher.bind("tcp://127.0.0.1:*");
            final Receiver receiver = new Receiver(context, publisher.getLastEndpoint(), messages, deadline);
            final Thread thread = new Thread(receiver, "bench-jeromq-sub");
            thread.start();
            while (publisher.recv() == null && System.nanoTime() < deadline)
            {
                // the SUB socket's subscription has not arrived yet
            }
            final long firstSend = System.nanoTime();
            for (int i = 0; i < messages; i++)
            {
                publisher.send(SequenceProducer.value(size, i), 0);
            }
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 5_000));
            receiver.stopped = true;
            thread.join(10_000);
            context.destroySocket(publisher);
            if (receiver.failure.get() != null)
            {
                throw new IllegalStateException("JeroMQ receiver failed", receiver.failure.get());
            }
            return new Outcome(Map.of(RATE, receiver.received * 1e9 / Math.max(1, receiver.lastReceive - firstSend)),
                messages, receiver.received, receiver.outOfOrder, 0);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Owns the SUB socket: receives until it has every message in order, the deadline passes or it is stopped. */
    private static final class Receiver implements Runnable
    {
        private final ZContext context;
        private final String endpoint;
        private final int messages;
        private final long deadline;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stopped;
        private long received;
        private long outOfOrder;
        private long lastReceive;

        Receiver(final ZContext context, final String endpoint, final int messages, final long deadline)
        {
            this.context = context;
            this.endpoint = endpoint;
            this.messages = messages;
            this.deadline = deadline;
        }

        @Override
        public void run()
        {
            try
            {
                final ZMQ.Socket subscriber = context.createSocket(SocketType.SUB);
                subscriber.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
                subscriber.connect(endpoint);
                subscriber.subscribe(ZMQ.SUBSCRIPTION_ALL);
                while (received < messages && !stopped && System.nanoTime() < deadline)
                {
                    final byte[] message = subscriber.recv();
                    if (message == null)
                    {
                        continue;
                    }
                    if (ByteBuffer.wrap(message).getLong(0) == received)
                    {
                        received++;
                        lastReceive = System.nanoTime();
                    }
                    else
                    {
                        outOfOrder++;
                    }
                }
                context.destroySocket(subscriber);
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        }
    }
}
