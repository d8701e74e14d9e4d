package io.dafka.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.GetHeads;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.discovery.TowerNode;
import io.dafka.testing.Loopback;
import io.dafka.testing.Received;
import io.dafka.testing.TestPeer;
import io.dafka.transport.Addresses;

/**
 * A tower, a store on a {@link ManualClock} over a {@link RecordStore} (in memory unless given), and a
 * {@link TestPeer}, plus
 * the waits that make store tests deterministic.
 *
 * <p>PUB/SUB loses what is sent before a connection and its subscriptions exist, in each direction separately,
 * and {@link TestPeer} cannot tell when the store's SUBs are subscribed to it <em>and</em> its own SUB is
 * connected to the store. So {@link #awaitWriterLinked()} and {@link #awaitReaderLinked()} repeat a harmless
 * request until its answer comes back, as Dafka itself does with HEAD and FETCH. Test bodies then send once:
 * what follows on the same connections arrives in order.
 */
final class StoreFixture implements AutoCloseable
{
    static final String WRITER_PROBE = "$probe-writer";
    static final String READER_PROBE = "$probe-reader";
    private static final long RESEND_MILLIS = 200;
    private static final long DEADLINE_MILLIS = 10_000;

    final TowerNode tower;
    final RecordStore store;
    final ManualClock clock = new ManualClock();
    final StoreNode node;
    final TestPeer peer;

    private StoreFixture(final RecordStore store, final StoreHealth.Listener healthListener,
        final Object... overrides)
    {
        this.store = store;
        tower = Loopback.startTower();
        store.append(READER_PROBE, Addresses.newAddress(), 0, bytes("probe"));
        store.flush();
        try
        {
            node = StoreNode.start(Loopback.nodeConfig(tower, overrides), store, clock, healthListener);
            peer = new TestPeer(Loopback.nodeConfig(tower));
        }
        catch (final RuntimeException e)
        {
            close();
            throw e;
        }
    }

    /** Starts everything; {@code overrides} are configuration key/value pairs for the store. */
    static StoreFixture start(final Object... overrides)
    {
        return new StoreFixture(new InMemoryRecordStore(), StoreHealth.Listener.NONE, overrides);
    }

    /** Starts everything over {@code store}, which the fixture closes. */
    static StoreFixture start(final RecordStore store, final Object... overrides)
    {
        return new StoreFixture(store, StoreHealth.Listener.NONE, overrides);
    }

    /** Starts everything over {@code store}, telling {@code healthListener} of the writer's health changes. */
    static StoreFixture start(final RecordStore store, final StoreHealth.Listener healthListener)
    {
        return new StoreFixture(store, healthListener);
    }

    /**
     * Waits until RECORDs and DIRECT-RECORDs from the peer reach the writer and its ACKs reach the peer, with
     * partitions of the subject {@link #WRITER_PROBE}. First RECORD 0 of a new partition per attempt until one is
     * ACKed (repeating the same record would be dropped as a duplicate, without an ACK); then DIRECT-RECORD 1 of
     * that partition until it is ACKed.
     */
    void awaitWriterLinked() throws InterruptedException
    {
        final Set<String> attempted = new HashSet<>();
        final String partition = repeatUntil(() ->
        {
            final String attempt = Addresses.newAddress();
            attempted.add(attempt);
            peer.send(new Record().set(WRITER_PROBE, attempt, WRITER_PROBE, 0, bytes("0")));
        }, MessageType.ACK, ack -> attempted.contains(ack.topic())).topic();
        resendUntil(new DirectRecord().set(node.writerAddress(), partition, WRITER_PROBE, 1, bytes("1")),
            MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 1);
    }

    /**
     * Waits until GET-HEADS from the peer reach the reader and its answers reach the peer, using the subject
     * {@link #READER_PROBE}.
     */
    void awaitReaderLinked() throws InterruptedException
    {
        resendUntil(new GetHeads().set(READER_PROBE, peer.address()), MessageType.DIRECT_HEAD,
            head -> head.subject().equals(READER_PROBE));
    }

    /**
     * Waits until everything the peer sent to the writer before has been handled: a RECORD and a DIRECT-RECORD
     * of a new partition follow it on both connections, and their ACKs come back.
     */
    void syncWriter() throws InterruptedException
    {
        final String partition = Addresses.newAddress();
        peer.send(new Record().set(WRITER_PROBE, partition, WRITER_PROBE, 0, bytes("0")));
        peer.await(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 0);
        peer.send(new DirectRecord().set(node.writerAddress(), partition, WRITER_PROBE, 1, bytes("1")));
        peer.await(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 1);
    }

    /** Sends {@code message} every 200 ms until a matching answer arrives; fails after 10 s. */
    Received resendUntil(final DafkaMessage message, final MessageType type, final Predicate<Received> matching)
        throws InterruptedException
    {
        return resendUntil(message, type, matching, Duration.ofMillis(DEADLINE_MILLIS));
    }

    /** Sends {@code message} every 200 ms until a matching answer arrives; fails after {@code timeout}. */
    Received resendUntil(final DafkaMessage message, final MessageType type, final Predicate<Received> matching,
        final Duration timeout) throws InterruptedException
    {
        return repeatUntil(() -> peer.send(message), type, matching, timeout);
    }

    /** Runs {@code attempt} every 200 ms until a matching message arrives; fails after 10 s. */
    Received repeatUntil(final Runnable attempt, final MessageType type, final Predicate<Received> matching)
        throws InterruptedException
    {
        return repeatUntil(attempt, type, matching, Duration.ofMillis(DEADLINE_MILLIS));
    }

    private Received repeatUntil(final Runnable attempt, final MessageType type, final Predicate<Received> matching,
        final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline)
        {
            attempt.run();
            final long retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESEND_MILLIS);
            while (System.nanoTime() < retryAt)
            {
                final Received next = peer.next(20);
                if (next != null && next.type() == type && matching.test(next))
                {
                    return next;
                }
            }
        }
        throw new AssertionError("no matching " + type + " within " + timeout);
    }

    /**
     * Every message received up to and including the first of {@code type} that matches {@code marker}; fails
     * after 10 s.
     */
    List<Received> receiveUntil(final MessageType type, final Predicate<Received> marker)
        throws InterruptedException
    {
        final List<Received> received = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        while (System.nanoTime() < deadline)
        {
            final Received next = peer.next(20);
            if (next != null)
            {
                received.add(next);
                if (next.type() == type && marker.test(next))
                {
                    return received;
                }
            }
        }
        throw new AssertionError("no " + type + " marker within 10 s; received " + received);
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close()
    {
        if (peer != null)
        {
            peer.close();
        }
        if (node != null)
        {
            node.close();
        }
        tower.close();
        store.close();
    }
}
