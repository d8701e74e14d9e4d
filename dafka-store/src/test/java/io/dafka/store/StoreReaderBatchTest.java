package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectBatch;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.Fetch;
import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.PartitionMessage;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.testing.Loopback;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;
import io.dafka.transport.Sockets;

/**
 * The store reader's FETCH answers to requesters that subscribe as C does (DIRECT-RECORDs, byte for byte what C
 * sends) and as a Java consumer does (DIRECT-BATCHes), over real sockets on loopback.
 */
@Timeout(60)
class StoreReaderBatchTest
{
    private static final String TOPIC = "hello";
    private static final int STORED = 3000;
    private static final long RESEND_MILLIS = 200;
    private static final long DEADLINE_NANOS = Duration.ofSeconds(20).toNanos();

    private final String partition = Addresses.newAddress();
    private final String probe = Addresses.newAddress();
    private final MessageDecoder decoder = new MessageDecoder();
    private StoreFixture fixture;
    private ZContext context;

    @BeforeEach
    void start() throws InterruptedException
    {
        fixture = StoreFixture.start();
        for (int sequence = 0; sequence < STORED; sequence++)
        {
            fixture.store.append(TOPIC, partition, sequence, content(sequence));
        }
        fixture.store.append(TOPIC, probe, 0, bytes("probe"));
        fixture.awaitReaderLinked();
        context = new ZContext(1);
    }

    @AfterEach
    void stop()
    {
        context.close();
        fixture.close();
    }

    @Test
    void shouldAnswerAPeerSubscribedAsCDoesWithByteIdenticalDirectRecords()
    {
        final String requester = Addresses.newAddress();
        final ZMQ.Socket subscriber = subscriber(requester, MessageType.DIRECT_RECORD, MessageType.DIRECT_HEAD);
        awaitAnswerToProbe(subscriber, requester, MessageType.DIRECT_RECORD);

        fixture.peer.send(new Fetch().set(partition, requester, TOPIC, 0, STORED));

        long next = 0;
        while (next < STORED)
        {
            final byte[] header = receive(subscriber);
            assertThat(header[0]).as("only DIRECT-RECORDs").isEqualTo(MessageType.DIRECT_RECORD.id());
            assertThat(subscriber.hasReceiveMore()).as("a content frame").isTrue();
            final byte[] content = subscriber.recv();
            assertThat(subscriber.hasReceiveMore()).as("two frames").isFalse();
            final DirectRecord record = (DirectRecord)decoder.decode(header);
            if (record.address().equals(partition))
            {
                assertThat(header).isEqualTo(new DirectRecord().set(requester, partition, TOPIC, next, content(next))
                    .encode());
                assertThat(content).isEqualTo(content(next));
                next++;
            }
        }
        assertThat(fixture.node.readerMetrics().get(Metric.BATCHES_SENT)).isZero();
    }

    @Test
    void shouldAnswerAPeerSubscribedToBatchesWithBatchesHoldingEveryRecordInOrder()
    {
        final String requester = Addresses.newAddress();
        final ZMQ.Socket subscriber = subscriber(requester, MessageType.DIRECT_RECORD, MessageType.DIRECT_HEAD,
            MessageType.DIRECT_BATCH);
        awaitAnswerToProbe(subscriber, requester, MessageType.DIRECT_BATCH); // the reader noticed the subscription

        fixture.peer.send(new Fetch().set(partition, requester, TOPIC, 0, STORED));

        long next = 0;
        int batches = 0;
        while (next < STORED)
        {
            final byte[] frame = receive(subscriber);
            final DafkaMessage message = decoder.decode(frame);
            while (subscriber.hasReceiveMore())
            {
                subscriber.recv(); // the content of a DIRECT-RECORD answering a probe
            }
            if (message instanceof PartitionMessage answer && answer.address().equals(probe))
            {
                continue; // a late answer to a probe
            }
            assertThat(message).isInstanceOf(DirectBatch.class);
            final DirectBatch batch = (DirectBatch)message;
            assertThat(frame.length).isLessThanOrEqualTo(DirectBatch.MAX_FRAME_BYTES);
            assertThat(batch.topic()).isEqualTo(requester);
            for (int i = 0; i < batch.count(); i++)
            {
                assertThat(batch.sequence(i)).isEqualTo(next);
                assertThat(batch.content(i)).isEqualTo(content(next));
                next++;
            }
            batches++;
        }
        assertThat(batches).as("batches for %d records of about 100 bytes", STORED).isBetween(2, STORED / 100);
    }

    @Test
    void shouldCarryAStoredPartitionToALateConsumerThroughBatchesInOrderExactlyOnce()
    {
        try (ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(fixture.tower, "consumer.offset.reset",
            "earliest")))
        {
            consumer.subscribe(TOPIC);
            final List<ConsumedRecord> received = new ArrayList<>();
            final long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (received.size() < STORED && System.nanoTime() < deadline)
            {
                consumer.poll(received, STORED, Duration.ofMillis(100));
                received.removeIf(record -> !record.partition().equals(partition));
            }

            assertThat(received).hasSize(STORED);
            for (int sequence = 0; sequence < STORED; sequence++)
            {
                assertThat(received.get(sequence).sequence()).isEqualTo(sequence);
                assertThat(received.get(sequence).content()).isEqualTo(content(sequence));
            }
            assertThat(fixture.node.readerMetrics().get(Metric.BATCHES_SENT)).isPositive();
        }
    }

    private ZMQ.Socket subscriber(final String requester, final MessageType... types)
    {
        final ZMQ.Socket subscriber = Sockets.create(context, SocketType.SUB, 1 << 20);
        subscriber.setReceiveTimeOut((int)RESEND_MILLIS);
        for (final MessageType type : types)
        {
            subscriber.subscribe(SubscriptionNotice.subscription(type, requester));
        }
        subscriber.connect(fixture.node.readerEndpoint());
        return subscriber;
    }

    /** Repeats a FETCH of the probe partition until an answer of {@code type} arrives: the reader hears us. */
    private void awaitAnswerToProbe(final ZMQ.Socket subscriber, final String requester, final MessageType type)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline)
        {
            fixture.peer.send(new Fetch().set(probe, requester, TOPIC, 0, 1));
            for (byte[] frame = subscriber.recv(); frame != null; frame = subscriber.recv())
            {
                final boolean answered = frame[0] == type.id();
                while (subscriber.hasReceiveMore())
                {
                    subscriber.recv();
                }
                if (answered)
                {
                    return;
                }
            }
        }
        throw new AssertionError("no " + type + " answered a FETCH within " + Duration.ofNanos(DEADLINE_NANOS));
    }

    private static byte[] receive(final ZMQ.Socket subscriber)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline)
        {
            final byte[] frame = subscriber.recv();
            if (frame != null)
            {
                return frame;
            }
        }
        throw new AssertionError("the FETCH answer stopped coming");
    }

    private static byte[] content(final long sequence)
    {
        return bytes("stored record " + sequence + " ".repeat(80));
    }
}
