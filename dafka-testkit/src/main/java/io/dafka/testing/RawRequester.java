package io.dafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectBatch;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.PartitionMessage;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.transport.Addresses;
import io.dafka.transport.Sockets;

/**
 * A requester reduced to a SUB socket in the test's own thread, subscribed to the answers addressed to it exactly
 * as told (as a C consumer does: DIRECT-RECORD and DIRECT-HEAD; as a Java consumer does: DIRECT-BATCH as well), and
 * connected to one peer's publisher. It receives whole messages as their raw frames, so that a test can compare
 * them byte for byte. The FETCHes it "sends" go through another peer (e.g. a {@link TestPeer}) with its address.
 */
public final class RawRequester implements AutoCloseable
{
    private static final int RECEIVE_MILLIS = 200;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final String address = Addresses.newAddress();
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket subscriber;
    private final MessageDecoder decoder = new MessageDecoder();

    /** Subscribes to each of {@code types} + the new address, then connects to {@code endpoint}. */
    public RawRequester(final String endpoint, final MessageType... types)
    {
        subscriber = Sockets.create(context, SocketType.SUB, 1 << 20);
        subscriber.setReceiveTimeOut(RECEIVE_MILLIS);
        for (final MessageType type : types)
        {
            subscriber.subscribe(SubscriptionNotice.subscription(type, address));
        }
        subscriber.connect(endpoint);
    }

    public String address()
    {
        return address;
    }

    /**
     * Runs {@code request} (say, a FETCH of a probe partition) every 200 ms until a message of {@code type}
     * arrives, dropping everything before it: then the peer hears the requests and its answers reach us.
     */
    public void awaitAnswer(final Runnable request, final MessageType type)
    {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline)
        {
            request.run();
            for (List<byte[]> message = receive(); message != null; message = receive())
            {
                if (message.get(0)[0] == type.id())
                {
                    return;
                }
            }
        }
        throw new AssertionError("no " + type + " answered within " + DEADLINE);
    }

    /** The frames of the next message; fails if none comes within 20 s. */
    private List<byte[]> next()
    {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline)
        {
            final List<byte[]> message = receive();
            if (message != null)
            {
                return message;
            }
        }
        throw new AssertionError("no message within " + DEADLINE);
    }

    /**
     * Receives the answer to a FETCH of {@code count} records of {@code partition} (topic {@code topic}) from 0,
     * skipping the messages of other partitions (late answers to probes), and checks that it is one DIRECT-RECORD
     * per record, in order, each exactly the two frames C sends: the header C encodes and the content.
     */
    public void expectDirectRecords(final String partition, final String topic, final long count,
        final LongFunction<byte[]> content)
    {
        long next = 0;
        while (next < count)
        {
            final List<byte[]> frames = next();
            final DafkaMessage message = decoder.decode(frames.get(0));
            check(message instanceof DirectRecord && frames.size() == 2, "a DIRECT-RECORD of two frames", frames);
            if (((DirectRecord)message).address().equals(partition))
            {
                final byte[] expected = new DirectRecord().set(address, partition, topic, next, content.apply(next))
                    .encode();
                check(Arrays.equals(frames.get(0), expected), "the header C sends for record " + next, frames);
                check(Arrays.equals(frames.get(1), content.apply(next)), "the content of record " + next, frames);
                next++;
            }
        }
    }

    /**
     * Receives the answer to a FETCH of {@code count} records of {@code partition} from 0, skipping the messages
     * of other partitions, and checks that it is DIRECT-BATCHes only, none longer than
     * {@link DirectBatch#MAX_FRAME_BYTES}, holding every record in order with its content.
     *
     * @return how many batches it took
     */
    public int expectBatches(final String partition, final long count, final LongFunction<byte[]> content)
    {
        long next = 0;
        int batches = 0;
        while (next < count)
        {
            final List<byte[]> frames = next();
            final DafkaMessage message = decoder.decode(frames.get(0));
            if (message instanceof PartitionMessage answer && !answer.address().equals(partition))
            {
                continue;
            }
            check(message instanceof DirectBatch && frames.size() == 1 &&
                frames.get(0).length <= DirectBatch.MAX_FRAME_BYTES, "a DIRECT-BATCH of one frame", frames);
            final DirectBatch batch = (DirectBatch)message;
            check(batch.topic().equals(address), "addressed to " + address, frames);
            for (int i = 0; i < batch.count(); i++)
            {
                check(batch.sequence(i) == next && Arrays.equals(batch.content(i), content.apply(next)),
                    "record " + next + " with its content", frames);
                next++;
            }
            batches++;
        }
        return batches;
    }

    private static void check(final boolean condition, final String expected, final List<byte[]> frames)
    {
        if (!condition)
        {
            throw new AssertionError("expected " + expected + ", received " + frames.size() + " frame(s) starting " +
                Arrays.toString(Arrays.copyOf(frames.get(0), Math.min(64, frames.get(0).length))));
        }
    }

    /** The frames of the next message, or null after 200 ms. */
    private List<byte[]> receive()
    {
        final byte[] first = subscriber.recv();
        if (first == null)
        {
            return null;
        }
        final List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (subscriber.hasReceiveMore())
        {
            frames.add(subscriber.recv());
        }
        return frames;
    }

    @Override
    public void close()
    {
        context.close();
    }
}
