package io.dafka.store;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Agent;
import io.dafka.agent.Clock;
import io.dafka.codec.ConsumerHello;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectHead;
import io.dafka.codec.DropReason;
import io.dafka.codec.Fetch;
import io.dafka.codec.GetHeads;
import io.dafka.codec.MessageType;
import io.dafka.codec.StoreHeads;
import io.dafka.codec.StoreHello;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.config.DafkaConfig;
import io.dafka.discovery.NodeMesh;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.FetchAnswerSender;
import io.dafka.transport.Sockets;

/**
 * The store reader (docs/protocol.md#store-reader): serves stored records and heads.
 * <pre>
 *   SUB   "F", "G", "W"+reader address   FETCH, GET-HEADS, CONSUMER-HELLO (ignored if sent by our own writer)
 *   XPUB  verbose (beaconed)             DIRECT-RECORD or DIRECT-BATCH, DIRECT-HEAD, STORE-HELLO, STORE-HEADS;
 *                                        a subscription 0x01 'L' consumer triggers STORE-HELLO to it,
 *                                        a subscription 0x01 'S' (a store writer connected) a summary
 * </pre>
 * A FETCH(n, c) is answered with at most c records starting at n (C sends c + 1: docs/protocol.md#fetch-answers),
 * or nothing if n is above the head, as in C; if n is below the first record still held (retention, adoption) the
 * answer starts at that record, where C sends nothing (see {@link FetchAnswers}). Answers are queued in {@link
 * FetchAnswers} and sent {@value #RECORDS_PER_WORK} records per {@link #doWork()}, so a big answer does not stall
 * other requests; a requester that subscribed to DIRECT-BATCH gets them in batches ({@link FetchAnswerSender}),
 * any other (every C peer) one DIRECT-RECORD per record. Head scans match the subject exactly (C matches a prefix:
 * docs/protocol.md#exact-topic-matching).
 * Malformed input is dropped completely and counted (docs/protocol.md#malformed-input).
 *
 * <p>Anti-entropy (Java only, docs/protocol-extensions.md): the reader summarises every partition its store
 * holds in STORE-HEADS messages of at most {@value StoreHeads#MAX_ENTRIES} partitions, when a store writer
 * subscribes to 'S' and every {@code store.sync.interval} ms, so that the writers of other stores fetch what
 * they lack even when no producer is alive.
 */
final class StoreReaderAgent implements Agent
{
    static final int RECORDS_PER_WORK = 4096;
    private static final int REQUESTS_PER_WORK = 1000;
    private static final int NOTICES_PER_WORK = 1000;
    private static final int MAX_PENDING_ANSWERS = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(StoreReaderAgent.class);

    private final DafkaConfig config;
    private final RecordStore store;
    private final String address;
    private final String writerAddress;
    private final NodeMetrics metrics;
    private final MessageChannel channel;
    private final FetchAnswers answers;
    private final DirectHead directHead = new DirectHead();
    private final StoreHello storeHello = new StoreHello();
    private final StoreHeads storeHeads = new StoreHeads();
    private final Clock clock = Clock.SYSTEM;
    private final long syncIntervalMillis;
    private long nextSyncAt;
    private boolean summaryDue;
    private NodeMesh mesh;
    private ZMQ.Socket publisher;
    private ZMQ.Socket subscriber;
    private FetchAnswerSender answerSender;

    StoreReaderAgent(final DafkaConfig config, final RecordStore store, final String address,
        final String writerAddress, final NodeMetrics metrics)
    {
        this.config = config;
        this.store = store;
        this.address = address;
        this.writerAddress = writerAddress;
        this.metrics = metrics;
        this.channel = new MessageChannel(metrics);
        this.answers = new FetchAnswers(store, this::sendRecord, MAX_PENDING_ANSWERS);
        this.syncIntervalMillis = config.get(DafkaConfig.STORE_SYNC_INTERVAL);
    }

    @Override
    public String roleName()
    {
        return "dafka-store-reader";
    }

    @Override
    public void onStart(final ZContext context, final ZMQ.Poller poller)
    {
        final long maxMessageSize = config.get(DafkaConfig.SOCKET_MAX_MESSAGE_SIZE);
        final int highWatermark = config.getInt(DafkaConfig.STORE_HIGH_WATERMARK);
        publisher = Sockets.create(context, SocketType.XPUB, maxMessageSize);
        publisher.setXpubVerbose(true);
        publisher.setSndHWM(highWatermark);
        answerSender = new FetchAnswerSender(publisher, metrics);
        subscriber = Sockets.create(context, SocketType.SUB, maxMessageSize);
        subscriber.setRcvHWM(highWatermark);
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.FETCH, ""));
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.GET_HEADS, ""));
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.CONSUMER_HELLO, address));
        mesh = new NodeMesh(context, config, Clock.SYSTEM, metrics, poller, publisher, subscriber);
        poller.register(publisher, ZMQ.Poller.POLLIN);
        mesh.start(address);
        nextSyncAt = clock.millis() + syncIntervalMillis;
    }

    /** The reader's data socket, beacon and peer connections (set once started). */
    NodeMesh mesh()
    {
        return mesh;
    }

    @Override
    public int doWork()
    {
        int work = mesh.doWork();
        for (int i = 0; i < NOTICES_PER_WORK && onNotice(); i++)
        {
            work++;
        }
        for (int i = 0; i < REQUESTS_PER_WORK; i++)
        {
            final DafkaMessage request = channel.receive(subscriber);
            if (request == null)
            {
                break;
            }
            onRequest(request);
            work++;
        }
        final long now = clock.millis();
        if (summaryDue || now >= nextSyncAt)
        {
            summaryDue = false;
            nextSyncAt = now + syncIntervalMillis;
            work += sendSummary();
        }
        work += answers.serve(RECORDS_PER_WORK);
        answerSender.flush();
        return work;
    }

    @Override
    public long idleMillis()
    {
        if (answers.pendingCount() > 0)
        {
            return 0;
        }
        return Math.min(mesh.idleMillis(), Math.max(0, nextSyncAt - clock.millis()));
    }

    @Override
    public void onClose()
    {
        if (mesh != null)
        {
            mesh.close();
        }
    }


    private void onRequest(final DafkaMessage request)
    {
        if (request instanceof Fetch fetch)
        {
            onFetch(fetch);
        }
        else if (request instanceof GetHeads getHeads)
        {
            onGetHeads(getHeads);
        }
        else if (request instanceof ConsumerHello hello)
        {
            onConsumerHello(hello);
        }
        else
        {
            channel.dropped(DropReason.UNEXPECTED_TYPE);
        }
    }

    private void onFetch(final Fetch fetch)
    {
        if (fetch.address().equals(writerAddress))
        {
            return; // our own writer's FETCH: it wants what other stores and producers have, not us
        }
        if (fetch.sequence() < 0 || !WireText.isTopic(fetch.address()))
        {
            metrics.increment(Metric.MALFORMED_DROPPED);
            return;
        }
        if (!answers.add(fetch.address(), fetch.subject(), fetch.topic(), fetch.sequence(), fetch.count()))
        {
            LOG.debug("too many FETCH answers pending; dropped a FETCH from {}", fetch.address());
        }
    }

    private void onGetHeads(final GetHeads getHeads)
    {
        if (!getHeads.address().equals(writerAddress))
        {
            sendHeads(getHeads.topic(), getHeads.address());
        }
    }

    private void onConsumerHello(final ConsumerHello hello)
    {
        if (hello.address().equals(writerAddress))
        {
            return;
        }
        for (final String subject : hello.subjects())
        {
            sendHeads(subject, hello.address());
        }
    }

    /** The head scan: one DIRECT-HEAD per partition of exactly {@code subject}. */
    private void sendHeads(final String subject, final String consumer)
    {
        if (!WireText.isTopic(consumer))
        {
            metrics.increment(Metric.MALFORMED_DROPPED);
            return;
        }
        store.forEachHead(subject, (partition, head) ->
            MessageChannel.send(publisher, directHead.set(consumer, partition, subject, head)));
    }

    /** Reads one XPUB notification; returns false if none is waiting. */
    private boolean onNotice()
    {
        final byte[] notice = channel.receiveNotice(publisher);
        if (notice == null)
        {
            return false;
        }
        if (SubscriptionNotice.isSubscribe(notice, MessageType.STORE_HELLO))
        {
            onStoreHelloSubscription(SubscriptionNotice.topic(notice));
        }
        else if (SubscriptionNotice.isSubscribe(notice, MessageType.STORE_HEADS))
        {
            summaryDue = true; // a store writer connected; one summary serves every writer that did
        }
        else
        {
            answerSender.onNotice(notice); // a requester (un)subscribed to DIRECT-BATCH
        }
        return true;
    }

    /**
     * Publishes STORE-HEADS for every partition the store holds, {@value StoreHeads#MAX_ENTRIES} per message.
     *
     * @return how many messages were sent
     */
    private int sendSummary()
    {
        final int[] sent = new int[1];
        storeHeads.set(address, writerAddress);
        store.forEachPartition((subject, partition, first, head) ->
        {
            storeHeads.add(subject, partition, first, head);
            if (storeHeads.isFull())
            {
                MessageChannel.send(publisher, storeHeads);
                storeHeads.set(address, writerAddress);
                sent[0]++;
            }
        });
        if (storeHeads.count() > 0)
        {
            MessageChannel.send(publisher, storeHeads);
            sent[0]++;
        }
        return sent[0];
    }

    /** A consumer subscribed to "L"+its address: greet it so that it sends its CONSUMER-HELLO. */
    private void onStoreHelloSubscription(final String consumer)
    {
        if (consumer.isEmpty() || !WireText.isTopic(consumer))
        {
            return;
        }
        MessageChannel.send(publisher, storeHello.set(consumer, address));
    }

    private void sendRecord(final String requester, final String subject, final String partition,
        final long sequence, final byte[] content)
    {
        answerSender.send(requester, subject, partition, sequence, content);
    }
}
