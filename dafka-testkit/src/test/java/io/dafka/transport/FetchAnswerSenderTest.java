package io.dafka.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.codec.DirectBatch;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;

/**
 * {@link FetchAnswerSender} on a real XPUB: a requester is answered with DIRECT-BATCHes only after the publisher
 * reported its subscription to them, and with exactly C's DIRECT-RECORD frames otherwise; a batch holds only
 * consecutive records of one partition for one requester, in order.
 */
@Timeout(60)
class FetchAnswerSenderTest
{
    private static final String TOPIC = "hello";
    private static final String PARTITION = "ABCD";
    private static final String OTHER_PARTITION = "C0DE";
    private static final int RECEIVE_TIMEOUT_MILLIS = 10_000;

    private final String requester = Addresses.newAddress();
    private final NodeMetrics metrics = new NodeMetrics();
    private final MessageDecoder decoder = new MessageDecoder();
    private ZContext context;
    private ZMQ.Socket publisher;
    private ZMQ.Socket subscriber;
    private FetchAnswerSender sender;

    @BeforeEach
    void start()
    {
        context = new ZContext(1);
        publisher = Sockets.create(context, SocketType.XPUB, 1 << 20);
        publisher.setXpubVerbose(true);
        publisher.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
        publisher.bind("inproc://answers");
        subscriber = Sockets.create(context, SocketType.SUB, 1 << 20);
        subscriber.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
        sender = new FetchAnswerSender(publisher, metrics);
    }

    @AfterEach
    void stop()
    {
        context.close();
    }

    @Test
    void shouldAnswerARequesterSubscribedAsCWithOneDirectRecordPerRecordByteForByte()
    {
        subscribe(MessageType.DIRECT_RECORD);

        send(PARTITION, 5, 6, 7);
        sender.flush();

        for (long sequence = 5; sequence <= 7; sequence++)
        {
            final byte[] header = subscriber.recv();
            assertThat(subscriber.hasReceiveMore()).isTrue();
            final byte[] content = subscriber.recv();
            assertThat(subscriber.hasReceiveMore()).isFalse();
            assertThat(header).isEqualTo(new DirectRecord().set(requester, PARTITION, TOPIC, sequence,
                content(sequence)).encode());
            assertThat(content).isEqualTo(content(sequence));
        }
        assertThat(metrics.get(Metric.BATCHES_SENT)).isZero();
        assertThat(metrics.get(Metric.RECORDS_SERVED)).isEqualTo(3);
    }

    @Test
    void shouldAnswerSinglyUntilTheBatchSubscriptionIsNoticedThenInOneBatch()
    {
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.DIRECT_RECORD, requester));
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.DIRECT_BATCH, requester));
        subscriber.connect("inproc://answers");
        final byte[] recordNotice = publisher.recv();
        final byte[] batchNotice = publisher.recv();
        assertThat(sender.onNotice(recordNotice)).isFalse();

        send(PARTITION, 0, 1); // the FETCH came before the notice: answered singly, and received
        sender.flush();
        assertThat(sender.onNotice(batchNotice)).isTrue();
        send(PARTITION, 2, 3, 4);
        sender.flush();

        assertThat(receiveSequences()).containsExactly("D 0");
        assertThat(receiveSequences()).containsExactly("D 1");
        assertThat(receiveSequences()).containsExactly("X 2", "X 3", "X 4");
        assertThat(metrics.get(Metric.BATCHES_SENT)).isEqualTo(1);
    }

    @Test
    void shouldStartANewBatchForAnotherPartitionOrASequenceThatDoesNotFollow()
    {
        subscribe(MessageType.DIRECT_BATCH);

        send(PARTITION, 0, 1);
        send(OTHER_PARTITION, 2);
        send(OTHER_PARTITION, 7, 8);
        sender.flush();

        assertThat(receiveSequences()).containsExactly("X 0", "X 1");
        assertThat(receiveSequences()).containsExactly("X 2");
        assertThat(receiveSequences()).containsExactly("X 7", "X 8");
    }

    @Test
    void shouldSendARecordTooLongForABatchAsADirectRecordAfterTheOpenBatch()
    {
        subscribe(MessageType.DIRECT_BATCH, MessageType.DIRECT_RECORD);
        final byte[] huge = new byte[DirectBatch.MAX_FRAME_BYTES];

        send(PARTITION, 0, 1);
        sender.send(requester, TOPIC, PARTITION, 2, huge);
        send(PARTITION, 3);
        sender.flush();

        assertThat(receiveSequences()).containsExactly("X 0", "X 1");
        assertThat(subscriber.recv()).isEqualTo(new DirectRecord().set(requester, PARTITION, TOPIC, 2, huge).encode());
        assertThat(subscriber.recv()).isEqualTo(huge);
        assertThat(receiveSequences()).containsExactly("X 3");
    }

    @Test
    void shouldSplitALongAnswerIntoFullBatches()
    {
        subscribe(MessageType.DIRECT_BATCH);
        final int records = 3 * DirectBatch.MAX_FRAME_BYTES / 1000;

        for (int sequence = 0; sequence < records; sequence++)
        {
            sender.send(requester, TOPIC, PARTITION, sequence, new byte[1000 - 4]);
        }
        sender.flush();

        final List<String> received = new ArrayList<>();
        while (received.size() < records)
        {
            final byte[] frame = subscriber.recv();
            assertThat(frame).hasSizeLessThanOrEqualTo(DirectBatch.MAX_FRAME_BYTES);
            received.addAll(sequences(frame));
        }
        assertThat(received).hasSize(records).last().isEqualTo("X " + (records - 1));
        assertThat(metrics.get(Metric.BATCHES_SENT)).isEqualTo(4); // 3 full of 65 records (65 000 bytes), then 1
    }

    @Test
    void shouldAnswerSinglyAgainOnceTheRequesterUnsubscribed()
    {
        subscribe(MessageType.DIRECT_BATCH, MessageType.DIRECT_RECORD);
        assertThat(sender.takesBatches(requester)).isTrue();
        final byte[] subscription = SubscriptionNotice.subscription(MessageType.DIRECT_BATCH, requester);
        final byte[] unsubscribe = new byte[subscription.length + 1];
        System.arraycopy(subscription, 0, unsubscribe, 1, subscription.length); // 0x00 'X' requester

        assertThat(sender.onNotice(unsubscribe)).isTrue();
        send(PARTITION, 0);

        assertThat(sender.takesBatches(requester)).isFalse();
        assertThat(receiveSequences()).containsExactly("D 0");
    }

    /** Subscribes the SUB to {@code types} for the requester and passes the publisher's notices to the sender. */
    private void subscribe(final MessageType... types)
    {
        for (final MessageType type : types)
        {
            subscriber.subscribe(SubscriptionNotice.subscription(type, requester));
        }
        subscriber.connect("inproc://answers");
        for (int i = 0; i < types.length; i++)
        {
            final byte[] notice = publisher.recv();
            assertThat(notice).as("subscription notice %d", i).isNotNull();
            sender.onNotice(notice);
        }
    }

    private void send(final String partition, final long... sequences)
    {
        for (final long sequence : sequences)
        {
            sender.send(requester, TOPIC, partition, sequence, content(sequence));
        }
    }

    /** The records of the next message: "D n" for a DIRECT-RECORD, "X n" for each record of a batch. */
    private List<String> receiveSequences()
    {
        final byte[] header = subscriber.recv();
        assertThat(header).as("an answer within %d ms", RECEIVE_TIMEOUT_MILLIS).isNotNull();
        if (header[0] != MessageType.DIRECT_RECORD.id())
        {
            return sequences(header);
        }
        final DirectRecord record = (DirectRecord)decoder.decode(header);
        assertThat(subscriber.recv()).isEqualTo(content(record.sequence()));
        return List.of("D " + record.sequence());
    }

    /** The records of one DIRECT-BATCH frame, "X n" each, checking its header and every content. */
    private List<String> sequences(final byte[] frame)
    {
        assertThat(subscriber.hasReceiveMore()).isFalse();
        final DirectBatch batch = (DirectBatch)decoder.decode(frame);
        assertThat(batch).as("a DIRECT-BATCH").isNotNull();
        assertThat(batch.topic()).isEqualTo(requester);
        assertThat(batch.subject()).isEqualTo(TOPIC);
        final List<String> records = new ArrayList<>();
        for (int i = 0; i < batch.count(); i++)
        {
            final long sequence = batch.sequence(i);
            if (batch.content(i).length != 1000 - 4)
            {
                assertThat(batch.content(i)).isEqualTo(content(sequence));
            }
            records.add("X " + sequence);
        }
        return records;
    }

    private static byte[] content(final long sequence)
    {
        return ("record " + sequence).getBytes(StandardCharsets.UTF_8);
    }
}
