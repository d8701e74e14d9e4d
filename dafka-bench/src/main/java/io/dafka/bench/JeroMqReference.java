package io.dafka.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The JeroMQ reference, measured like a Dafka record travels: one publisher (an XPUB with a context of its own, in
 * the bench JVM, as Dafka's producer) sends each message as two frames, a {@value #HEADER_BYTES}-byte header (the
 * size of a RECORD header with a 32-character topic) and the value, over {@code tcp://127.0.0.1} to two
 * subscribers, each in a JVM and context of its own (as Dafka's store and a consumer). {@code XPUB_NODROP} makes a
 * full pipe block the sender rather than drop. Figure: messages per second from the first send to the later of the
 * two subscribers' last receive ({@link System#nanoTime()} is one clock for every process on Linux). A reference,
 * not a ceiling: Dafka's records carry more, and a different design could beat it. The run owns it and closes it.
 */
final class JeroMqReference implements Entrant, AutoCloseable
{
    static final String RATE = ProducerConsumerTrial.END_TO_END_RATE;
    static final int SUBSCRIBERS = 2;
    static final int HEADER_BYTES = 77;

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** A subscriber gives up after 120 s of its own ({@link PeerMain}): wait a little longer for its answer. */
    private static final Duration ANSWER_TIMEOUT = TIMEOUT.plusSeconds(30);
    private static final int RECEIVE_TIMEOUT_MS = 100;

    private final List<PeerProcess> subscribers = new ArrayList<>();

    /** Launches the subscribers' JVMs; the first trial waits until they are up, and they serve every trial. */
    JeroMqReference()
    {
        for (int i = 1; i <= SUBSCRIBERS; i++)
        {
            subscribers.add(PeerProcess.launch("JeroMQ subscriber " + i, "jeromq-sub"));
        }
    }

    @Override
    public String name()
    {
        return "JeroMQ reference";
    }

    /** Sends {@code messages} messages with values of {@code size} bytes to both subscribers. */
    Outcome trial(final int messages, final int size)
    {
        subscribers.forEach(PeerProcess::awaitReady);
        try (ZContext context = new ZContext(1))
        {
            context.setLinger(0);
            final ZMQ.Socket publisher = context.createSocket(SocketType.XPUB);
            publisher.setXpubNoDrop(true);
            publisher.setXpubVerbose(true); // hear both subscriptions to the same prefix
            publisher.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
            publisher.bind("tcp://127.0.0.1:*");
            final String endpoint = publisher.getLastEndpoint();
            subscribers.forEach(subscriber -> subscriber.send("run " + endpoint + " " + messages));
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            int subscribed = 0;
            while (subscribed < SUBSCRIBERS && System.nanoTime() < deadline)
            {
                subscribed += publisher.recv() == null ? 0 : 1;
            }
            final byte[] header = new byte[HEADER_BYTES];
            System.arraycopy(PeerMain.REFERENCE_PREFIX, 0, header, 0, PeerMain.REFERENCE_PREFIX.length);
            final long firstSend = System.nanoTime();
            for (int i = 0; i < messages; i++)
            {
                publisher.sendMore(header);
                publisher.send(SequenceProducer.value(size, i), 0);
            }
            long received = messages;
            long outOfOrder = 0;
            long last = firstSend;
            for (final PeerProcess subscriber : subscribers)
            {
                final String[] done = subscriber.awaitLine(PeerMain.DONE, ANSWER_TIMEOUT).split(" ");
                received = Math.min(received, Long.parseLong(done[0]));
                outOfOrder += Long.parseLong(done[1]);
                last = Math.max(last, Long.parseLong(done[2]));
            }
            context.destroySocket(publisher);
            return new Outcome(Map.of(RATE, received * 1e9 / Math.max(1, last - firstSend)), messages, received,
                outOfOrder, 0);
        }
    }

    /** The subscribers' processes, for their CPU time. */
    List<PeerProcess> processes()
    {
        return List.copyOf(subscribers);
    }

    @Override
    public void close()
    {
        subscribers.forEach(PeerProcess::close);
    }
}
