package io.dafka.store;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Agent;
import io.dafka.agent.Clock;
import io.dafka.codec.Ack;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectBatch;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.DropReason;
import io.dafka.codec.Fetch;
import io.dafka.codec.Head;
import io.dafka.codec.MessageType;
import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetFetch;
import io.dafka.codec.Record;
import io.dafka.codec.StoreAck;
import io.dafka.codec.StoreHeads;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.config.DafkaConfig;
import io.dafka.discovery.NodeMesh;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.Sockets;

/**
 * The store writer (docs/protocol.md#store-writer): stores every partition gap-free from sequence 0 and ACKs what
 * it stored.
 * <pre>
 *   direct SUB  "D", "X"+writer addr DIRECT-RECORD and DIRECT-BATCH answers to our FETCHes (read first)
 *   msg SUB     "M", "H", "S",       live RECORDs and HEADs of every topic, other stores' STORE-HEADS,
 *               "O", "Q"             consumers' OFFSET-COMMITs and OFFSET-FETCHes (Java-only extensions)
 *   XPUB        (beaconed)           FETCH{topic = partition, address = writer}, ACK{topic = partition},
 *                                    STORE-ACK{topic = partition, store = writer} (Java-only extension),
 *                                    OFFSET-COMMIT-ACK, OFFSET-FETCH-ANSWER{topic = consumer} (Java-only)
 * </pre>
 * Each {@link #doWork()} handles a batch of up to {@value #BATCH_LIMIT} messages, then flushes the store and sends
 * one cumulative ACK per partition stored into. Unlike C it sets the XPUB's send HWM
 * (docs/protocol.md#socket-types-and-high-water-marks), asks for the real gap (capped) through a {@link
 * io.dafka.consumer.GapFetcher}, drops malformed input completely (docs/protocol.md#malformed-input), and ACKs its
 * head again when a HEAD shows it holds the whole partition, so that a lost ACK does not leave a producer waiting
 * (C stays silent; extra ACKs are harmless to any producer).
 *
 * <p>Mid-stream adoption (docs/protocol.md#mid-stream-adoption, Java only, off by default as in C): with {@code
 * store.adopt}, a partition the store holds nothing of, and whose sequence 0 did not arrive within {@code
 * store.adopt.timeout} of first seeing it, starts at the first DIRECT-RECORD that arrives after that, i.e. an
 * answer to the writer's FETCH from 0: the first record a peer store still holds, or the oldest one its producer
 * still holds. It never adopts from a live RECORD: the cumulative ACK that follows would release at the producer
 * the records between its oldest unacknowledged one and the live one, which no store holds.
 *
 * <p>Anti-entropy from other stores' STORE-HEADS (Java only) is {@link AntiEntropy}'s job; live sequences are
 * checked for regressions (a partition address reused by a new producer incarnation) by
 * {@link SequenceRegressions}; the partitions are kept in {@link WriterPartitions}; consumer groups' committed
 * offsets are {@link OffsetAnswers}' job. All run on the writer thread.
 */
final class StoreWriterAgent implements Agent
{
    static final int BATCH_LIMIT = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriterAgent.class);
    private static final long MAX_WIRE_COUNT = 0xFFFF_FFFFL;

    private final DafkaConfig config;
    private final RecordStore store;
    private final Clock clock;
    private final String address;
    private final NodeMetrics metrics;
    private final MessageChannel channel;
    /** Java-only extension sent with every ACK (docs/protocol-extensions.md). */
    private final StoreAck storeAck = new StoreAck();
    private final long retryMillis;
    private final long maxFetchCount;
    private final boolean adopt;
    private final long adoptTimeoutMillis;
    private final WriterHealth health;
    private final WriterPartitions partitions;
    private final AntiEntropy antiEntropy;
    private final SequenceRegressions regressions;
    private final GroupOffsets groupOffsets;
    private final OffsetAnswers offsetAnswers;
    private final List<WriterPartition> touched = new ArrayList<>();
    private final Fetch fetch = new Fetch();
    private final Ack ack = new Ack();
    private Repairs repairs;
    /** An append of this batch failed: the store already forgot the batch, so it is not flushed. */
    private boolean batchFailed;
    private NodeMesh mesh;
    private ZMQ.Socket publisher;
    private ZMQ.Socket directSubscriber;
    private ZMQ.Socket messageSubscriber;

    /**
     * @param clock        times FETCH retries (the beacon keeps the system clock)
     * @param groupOffsets the consumer groups' committed offsets, owned (closed) by this writer from now on
     */
    StoreWriterAgent(final DafkaConfig config, final RecordStore store, final Clock clock, final String address,
        final NodeMetrics metrics, final StoreHealth.Listener healthListener, final GroupOffsets groupOffsets)
    {
        this.groupOffsets = groupOffsets;
        this.offsetAnswers = new OffsetAnswers(groupOffsets, address, System::currentTimeMillis);
        this.health = new WriterHealth(healthListener);
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.address = address;
        this.metrics = metrics;
        this.channel = new MessageChannel(metrics);
        this.retryMillis = config.get(DafkaConfig.STORE_FETCH_RETRY_INTERVAL);
        this.maxFetchCount = Math.min(MAX_WIRE_COUNT, config.get(DafkaConfig.STORE_FETCH_MAX_COUNT));
        this.adopt = config.get(DafkaConfig.STORE_ADOPT);
        this.adoptTimeoutMillis = config.get(DafkaConfig.STORE_ADOPT_TIMEOUT);
        this.partitions = new WriterPartitions(store, clock, metrics);
        this.antiEntropy = new AntiEntropy(address, clock, metrics, config.get(DafkaConfig.STORE_SYNC_INTERVAL),
            partitions, this::fetchGap);
        this.regressions = new SequenceRegressions(clock, metrics);
    }

    @Override
    public String roleName()
    {
        return "dafka-store-writer";
    }

    @Override
    public void onStart(final ZContext context, final ZMQ.Poller poller)
    {
        final long maxMessageSize = config.get(DafkaConfig.SOCKET_MAX_MESSAGE_SIZE);
        final int highWatermark = config.getInt(DafkaConfig.STORE_HIGH_WATERMARK);
        publisher = Sockets.create(context, SocketType.XPUB, maxMessageSize); // see MessageChannel.drainNotices
        publisher.setSndHWM(highWatermark);
        poller.register(publisher, ZMQ.Poller.POLLIN);
        directSubscriber = Sockets.create(context, SocketType.SUB, maxMessageSize);
        directSubscriber.setRcvHWM(highWatermark);
        directSubscriber.subscribe(SubscriptionNotice.subscription(MessageType.DIRECT_RECORD, address));
        if (DirectBatch.acceptedBy(maxMessageSize))
        {
            directSubscriber.subscribe(SubscriptionNotice.subscription(MessageType.DIRECT_BATCH, address));
        }
        messageSubscriber = Sockets.create(context, SocketType.SUB, maxMessageSize);
        messageSubscriber.setRcvHWM(highWatermark);
        messageSubscriber.subscribe(SubscriptionNotice.subscription(MessageType.RECORD, ""));
        messageSubscriber.subscribe(SubscriptionNotice.subscription(MessageType.HEAD, ""));
        messageSubscriber.subscribe(SubscriptionNotice.subscription(MessageType.STORE_HEADS, ""));
        messageSubscriber.subscribe(SubscriptionNotice.subscription(MessageType.OFFSET_COMMIT, ""));
        messageSubscriber.subscribe(SubscriptionNotice.subscription(MessageType.OFFSET_FETCH, ""));
        mesh = new NodeMesh(context, config, Clock.SYSTEM, metrics, poller, publisher, directSubscriber,
            messageSubscriber);
        repairs = new Repairs(store, clock, retryMillis, maxFetchCount, this::sendFetch, this::onCut,
            this::onWriteFailure);
        mesh.start(address);
    }

    /** The writer's data socket, beacon and peer connections (set once started). */
    NodeMesh mesh()
    {
        return mesh;
    }

    @Override
    public int doWork()
    {
        int work = mesh.doWork() + drainNotices() + repairs.doWork();
        int handled = 0;
        while (handled < BATCH_LIMIT)
        {
            DafkaMessage message = channel.receive(directSubscriber);
            final boolean direct = message != null;
            if (!direct)
            {
                message = channel.receive(messageSubscriber);
                if (message == null)
                {
                    break;
                }
            }
            onMessage(message, direct);
            handled++;
        }
        if (!touched.isEmpty())
        {
            if (!batchFailed)
            {
                try
                {
                    store.flush();
                    health.succeeded();
                }
                catch (final StoreWriteException e)
                {
                    onWriteFailure(e);
                }
            }
            sendAcks();
        }
        batchFailed = false;
        return work + handled;
    }

    /** Reads the subscription notices of the publisher; a producer subscribing to its FETCHes is acted on. */
    private int drainNotices()
    {
        int drained = 0;
        for (byte[] notice = channel.receiveNotice(publisher); notice != null;
             notice = channel.receiveNotice(publisher))
        {
            drained++;
            if (SubscriptionNotice.isSubscribe(notice, MessageType.FETCH) && notice.length > 2)
            {
                onProducerListening(SubscriptionNotice.topic(notice));
            }
        }
        return drained;
    }

    /**
     * The producer of {@code partitionAddress} now hears this writer's FETCHes. One sent before (this writer heard
     * the producer's records before the producer connected back) was dropped by the publisher, so the next record or
     * HEAD asks again at once instead of after {@code store.fetch.retry_interval}: a store joining a live producer
     * catches up within a round trip, which is what an {@code acks=all} producer waits for.
     */
    private void onProducerListening(final String partitionAddress)
    {
        metrics.increment(Metric.FETCH_SUBSCRIPTIONS_SEEN);
        partitions.forEachAt(partitionAddress, partition -> partition.fetcher.reset());
    }

    /** Whether writes fail (a full disk, an I/O error); any thread. */
    StoreHealth health()
    {
        return health.current();
    }

    /**
     * The store forgot what it had not made durable: every partition of this batch goes back to its durable head
     * (which is all its ACK will say), and the writer backs off.
     */
    private void onWriteFailure(final StoreWriteException failure)
    {
        metrics.increment(Metric.WRITE_FAILURES);
        for (final WriterPartition partition : touched)
        {
            partition.head = store.head(partition.subject, partition.partition);
            partition.fetcher.reset();
        }
        health.failed(clock.millis(), failure);
        batchFailed = true;
    }

    @Override
    public long idleMillis()
    {
        return Math.min(mesh.idleMillis(), repairs.idleMillis());
    }

    @Override
    public void onClose()
    {
        try
        {
            if (mesh != null)
            {
                mesh.close();
            }
        }
        finally
        {
            groupOffsets.close();
        }
    }


    private void onMessage(final DafkaMessage message, final boolean direct)
    {
        if (direct && message instanceof DirectRecord record)
        {
            onRecord(record.address(), record.subject(), record.sequence(), record.content(), true);
        }
        else if (direct && message instanceof DirectBatch batch)
        {
            for (int i = 0; i < batch.count(); i++)
            {
                onRecord(batch.address(), batch.subject(), batch.sequence(i), batch.content(i), true);
            }
        }
        else if (!direct && message instanceof Record record)
        {
            onRecord(record.address(), record.subject(), record.sequence(), record.content(), false);
        }
        else if (!direct && message instanceof Head head)
        {
            onHead(head);
        }
        else if (!direct && message instanceof StoreHeads heads)
        {
            antiEntropy.onStoreHeads(heads);
        }
        else if (!direct && message instanceof OffsetCommit commit)
        {
            offsetAnswers.onCommit(commit, publisher);
        }
        else if (!direct && message instanceof OffsetFetch fetch)
        {
            offsetAnswers.onFetch(fetch, publisher);
        }
        else
        {
            channel.dropped(DropReason.UNEXPECTED_TYPE);
        }
    }

    private void onHead(final Head head)
    {
        final WriterPartition partition = partitions.partition(head.subject(), head.address(), head.sequence());
        if (partition == null)
        {
            return;
        }
        regressions.checkLiveSequence(partition, head.sequence(), true);
        if (partition.head < head.sequence())
        {
            fetchGap(partition, head.sequence() + 1);
        }
        else
        {
            toAck(partition); // Java only: repairs a lost ACK (slow joiner, HWM) within one HEAD interval
        }
    }

    private void onRecord(final String partitionAddress, final String subject, final long sequence,
        final byte[] content, final boolean direct)
    {
        final WriterPartition partition = partitions.partition(subject, partitionAddress, sequence);
        if (partition == null)
        {
            return;
        }
        if (!direct)
        {
            regressions.checkLiveSequence(partition, sequence, false);
        }
        if (sequence <= partition.head)
        {
            if (direct && health.mayWrite(clock.millis()) && repairs.fill(partition, sequence, content))
            {
                metrics.increment(Metric.RECORDS_STORED);
                toAck(partition); // the flush at the end of the batch makes the repair durable
            }
            else
            {
                metrics.increment(Metric.DUPLICATES_DROPPED);
            }
        }
        else if (!health.mayWrite(clock.millis()))
        {
            return; // degraded: fetched again once writes succeed
        }
        else if (direct && partition.head == RecordStore.NONE && antiEntropy.mayStartAtPeerFirst(partition, sequence))
        {
            if (store(partition, sequence, content, true))
            {
                LOG.info("started partition {} of '{}' at sequence {}: no peer store holds anything before it",
                    partitionAddress, subject, sequence);
            }
        }
        else if (direct && sequence > 0 && mayAdopt(partition))
        {
            if (store(partition, sequence, content, true))
            {
                LOG.info("adopted partition {} of '{}' from sequence {}: sequence 0 did not arrive within {} ms",
                    partitionAddress, subject, sequence, adoptTimeoutMillis);
            }
        }
        else if (sequence != partition.head + 1)
        {
            fetchGap(partition, sequence + 1); // from 0 for an unknown partition: stores never hold a partial one
        }
        else
        {
            store(partition, sequence, content, false);
        }
    }

    /** Appends (or adopts at) {@code sequence}; false if the store failed, which degrades the writer. */
    private boolean store(final WriterPartition partition, final long sequence, final byte[] content,
        final boolean adoptAt)
    {
        try
        {
            if (adoptAt)
            {
                store.adopt(partition.subject, partition.partition, sequence, content);
            }
            else
            {
                store.append(partition.subject, partition.partition, sequence, content);
            }
        }
        catch (final StoreWriteException e)
        {
            onWriteFailure(e);
            return false;
        }
        partition.head = sequence;
        partition.forgetPeerFirsts(); // a started partition needs no peer's first any more
        metrics.increment(Metric.RECORDS_STORED);
        toAck(partition);
        return true;
    }

    /** Damaged records of a partition were cut out: its head may have moved back. */
    private void onCut(final String subject, final String partitionAddress, final long head)
    {
        final WriterPartition partition = partitions.find(subject, partitionAddress);
        if (partition != null && partition.head != head)
        {
            partition.head = head;
            partition.fetcher.reset();
        }
    }

    /** Asks the partition's producer and every other store for {@code count} records from {@code from} on. */
    private void sendFetch(final String subject, final String partitionAddress, final long from,
        final long count)
    {
        metrics.increment(Metric.FETCHES_SENT);
        MessageChannel.send(publisher, fetch.set(partitionAddress, address, subject, from, count));
    }

    /** Whether {@code partition} holds nothing and waited long enough for sequence 0 to be adopted mid-stream. */
    private boolean mayAdopt(final WriterPartition partition)
    {
        return adopt && partition.head == RecordStore.NONE && clock.millis() - partition.seenAt >= adoptTimeoutMillis;
    }

    /** ACK the partition's head at the end of this batch. */
    private void toAck(final WriterPartition partition)
    {
        if (!partition.touched)
        {
            partition.touched = true;
            touched.add(partition);
        }
    }

    /** Asks for the records after the head, up to {@code until} (exclusive), unless a request covers them. */
    private void fetchGap(final WriterPartition partition, final long until)
    {
        if (!health.mayWrite(clock.millis()))
        {
            return; // degraded: asked again on the next HEAD or record once writes are retried
        }
        final long from = partition.head + 1;
        final long count = partition.fetcher.toRequest(from, until, clock.millis(), retryMillis, maxFetchCount);
        if (count > 0)
        {
            sendFetch(partition.subject, partition.partition, from, count);
        }
    }

    private void sendAcks()
    {
        for (final WriterPartition partition : touched)
        {
            metrics.increment(Metric.ACKS);
            MessageChannel.send(publisher, ack.set(partition.partition, partition.subject, partition.head));
            // Java-only extension, same moment and sequence; only producers waiting for N stores subscribe to it
            MessageChannel.send(publisher, storeAck.set(partition.partition, partition.subject, partition.head,
                address));
            partition.touched = false;
        }
        touched.clear();
    }
}
