package io.dafka.producer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Agent;
import io.dafka.agent.Clock;
import io.dafka.agent.Mailbox;
import io.dafka.codec.Ack;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DropReason;
import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.codec.StoreAck;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.config.DafkaConfig;
import io.dafka.discovery.Beacon;
import io.dafka.discovery.NodeMesh;
import io.dafka.transport.Addresses;
import io.dafka.transport.FetchAnswerSender;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.Sockets;

/**
 * The producer engine: publishes RECORDs, repeats HEAD, answers FETCH from unacknowledged records and releases
 * them once {@code producer.min_stores} distinct stores acknowledged them. Owns its sockets; runs on one thread.
 * The send/ACK path is here; FETCH answers ({@link FetchAnswerQueue}), the HEAD timer ({@link HeadSchedule}) and
 * waiting flushes ({@link PendingFlushes}) are parts it owns and drives from the same thread.
 *
 * <p>With one store required (the default, as C) it subscribes ACK ('K') per partition and any store's ACK
 * releases. With more it subscribes STORE-ACK ('A', Java-only extension) instead and keeps each store's head
 * ({@link StoreQuorum}); C stores, which send no STORE-ACK, do not count then.
 *
 * <p>Incarnation check: an ACK or STORE-ACK above the last sequence published for a partition means an earlier
 * producer used that address. It releases nothing; the partition fails for good: its unacknowledged and later
 * records fail with {@link ProducerIncarnationException}, once logged (ERROR) and counted
 * ({@link Metric#INCARNATION_CONFLICTS}).
 */
final class ProducerAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(ProducerAgent.class);
    private static final int MAX_COMMANDS_PER_WORK = 10_000;
    private static final int MAX_MESSAGES_PER_WORK = 10_000;

    /** A request from the application thread. */
    sealed interface Command permits Send, Flush, EnsurePartition
    {
    }

    record Send(String topic, byte[] content, SendListener listener) implements Command
    {
    }

    /** Completes when every record sent before it is acknowledged (or failed with its partition). */
    record Flush(CompletableFuture<Void> done) implements Command
    {
    }

    /** Creates the topic's partition identity now, before any record, and completes with its address. */
    record EnsurePartition(String topic, CompletableFuture<String> address) implements Command
    {
    }

    private final DafkaConfig config;
    private final Clock clock;
    private final NodeMetrics metrics;
    private final Mailbox<Command> mailbox;
    private final String address = Addresses.newAddress();
    private final int minStores;
    private final Map<String, ProducerPartition> byTopic = new HashMap<>();
    private final Map<String, ProducerPartition> byAddress = new HashMap<>();
    private final Map<String, String> partitionAddresses = new ConcurrentHashMap<>();
    private final Map<String, StoreQuorum> quorums = new ConcurrentHashMap<>();
    private final FetchAnswerQueue answers;
    private final HeadSchedule heads;
    private final PendingFlushes flushes = new PendingFlushes();
    private final Record record = new Record();
    private MessageChannel channel;
    private NodeMesh mesh;
    private ZMQ.Socket publisher;
    private FetchAnswerSender answerSender;
    private ZMQ.Socket subscriber;
    private volatile long unackedCount;
    private volatile long abandoned;
    private volatile int port;

    ProducerAgent(final DafkaConfig config, final Clock clock, final NodeMetrics metrics,
        final Mailbox<Command> mailbox)
    {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.mailbox = mailbox;
        this.minStores = config.getInt(DafkaConfig.PRODUCER_MIN_STORES);
        this.answers = new FetchAnswerQueue();
        this.heads = new HeadSchedule(clock, metrics, config.get(DafkaConfig.PRODUCER_HEAD_INTERVAL));
    }

    @Override
    public String roleName()
    {
        return "dafka-producer";
    }

    @Override
    public void onStart(final ZContext context, final ZMQ.Poller poller)
    {
        channel = new MessageChannel(metrics);
        final long maxMessageSize = config.get(DafkaConfig.SOCKET_MAX_MESSAGE_SIZE);
        final int hwm = config.getInt(DafkaConfig.PRODUCER_HIGH_WATERMARK);
        publisher = Sockets.create(context, SocketType.XPUB, maxMessageSize); // see MessageChannel.drainNotices
        publisher.setSndHWM(hwm);
        answerSender = new FetchAnswerSender(publisher, metrics);
        poller.register(publisher, ZMQ.Poller.POLLIN);
        subscriber = Sockets.create(context, SocketType.SUB, maxMessageSize);
        subscriber.setRcvHWM(hwm);
        mesh = new NodeMesh(context, config, clock, metrics, poller, publisher, subscriber);
        mesh.start(address);
    }

    Beacon beacon()
    {
        return mesh.beacon();
    }

    String address()
    {
        return address;
    }

    /** The bound data (XPUB) port. */
    int port()
    {
        return mesh.port();
    }

    /** Partition address per topic, readable from any thread. */
    Map<String, String> partitionAddresses()
    {
        return partitionAddresses;
    }

    /** Distinct stores that must acknowledge a record ({@code producer.min_stores}). */
    int minStores()
    {
        return minStores;
    }

    /** How many distinct stores acknowledged {@code sequence} of the partition at {@code address}; any thread. */
    int storesHolding(final String address, final long sequence)
    {
        final StoreQuorum quorum = quorums.get(address);
        return quorum == null ? 0 : quorum.storesHolding(sequence);
    }

    long unackedCount()
    {
        return unackedCount;
    }

    /** Records given up at close (set when the agent stops). */
    long abandoned()
    {
        return abandoned;
    }

    @Override
    public int doWork()
    {
        int work = mailbox.drain(this::onCommand, MAX_COMMANDS_PER_WORK);
        work += receive();
        for (byte[] notice = channel.receiveNotice(publisher); notice != null; notice = channel.receiveNotice(publisher))
        {
            answerSender.onNotice(notice); // a consumer takes batched FETCH answers (or no longer); others unused
            work++;
        }
        work += answers.serve(answerSender);
        work += mesh.doWork();
        work += heads.sendDue(byTopic.values(), publisher);
        return work;
    }

    @Override
    public long idleMillis()
    {
        final long next = heads.idleMillis(byTopic.values(), mesh.idleMillis());
        return answers.isEmpty() ? next : 0;
    }

    @Override
    public void onClose()
    {
        long lost = 0;
        for (final ProducerPartition partition : byTopic.values())
        {
            lost += partition.unacked.releaseAll((sequence, listener) ->
            {
                if (listener != null)
                {
                    listener.onAbandoned(partition.address, sequence);
                }
            });
        }
        // Sends still queued were never published: abandoned too, with no sequence.
        final long[] queued = {0};
        mailbox.drain(command ->
        {
            if (command instanceof Send send)
            {
                queued[0]++;
                if (send.listener() != null)
                {
                    send.listener().onAbandoned(partitionAddresses.get(send.topic()), -1);
                }
            }
            else if (command instanceof Flush flush)
            {
                flush.done().completeExceptionally(new IllegalStateException("producer closed"));
            }
        }, Integer.MAX_VALUE);
        abandoned = lost + queued[0];
        unackedCount = 0;
        flushes.failAll("producer closed before all records were acknowledged");
        if (mesh != null)
        {
            mesh.close();
        }
    }

    private void onCommand(final Command command)
    {
        if (command instanceof Send send)
        {
            onSend(send);
        }
        else if (command instanceof Flush flush)
        {
            onFlush(flush);
        }
        else if (command instanceof EnsurePartition ensure)
        {
            ensure.address().complete(partition(ensure.topic()).address);
        }
    }

    private void onSend(final Send send)
    {
        final ProducerPartition partition = partition(send.topic());
        if (partition.failure != null)
        {
            if (send.listener() != null)
            {
                send.listener().onFailed(partition.address, -1, partition.failure);
            }
            return;
        }
        final long sequence = partition.nextSequence++;
        partition.unacked.append(sequence, send.content(), send.listener());
        unackedCount++;
        record.set(partition.topic, partition.address, partition.topic, sequence, send.content());
        metrics.increment(Metric.RECORDS_PUBLISHED);
        MessageChannel.send(publisher, record);
        heads.onPublished(partition, sequence);
        if (send.listener() != null)
        {
            send.listener().onPublished(partition.address, sequence);
        }
    }

    private void onFlush(final Flush flush)
    {
        flushes.add(byTopic.values(), flush.done());
    }

    private int receive()
    {
        int work = 0;
        for (int i = 0; i < MAX_MESSAGES_PER_WORK; i++)
        {
            final DafkaMessage message = channel.receive(subscriber);
            if (message == null)
            {
                break;
            }
            if (message instanceof Ack ack)
            {
                onAck(ack.topic(), ack.sequence(), "");
            }
            else if (message instanceof StoreAck storeAck)
            {
                onAck(storeAck.topic(), storeAck.sequence(), storeAck.store());
            }
            else if (message instanceof Fetch fetch)
            {
                answers.onFetch(byAddress.get(fetch.topic()), fetch);
            }
            else
            {
                channel.dropped(DropReason.UNEXPECTED_TYPE);
            }
            work++;
        }
        return work;
    }

    /** An ACK ({@code store} empty: any store) or STORE-ACK for the partition at {@code address}. */
    private void onAck(final String address, final long acked, final String store)
    {
        final ProducerPartition partition = byAddress.get(address);
        if (partition == null)
        {
            return;
        }
        metrics.increment(Metric.ACKS);
        if (partition.nextSequence == 0 || Long.compareUnsigned(acked, partition.nextSequence - 1) > 0)
        {
            failPartition(partition, acked, store);
            return;
        }
        if (partition.failure != null)
        {
            return;
        }
        final long releasable = partition.quorum.acknowledge(store, acked);
        if (releasable < 0)
        {
            return;
        }
        unackedCount -= partition.unacked.acknowledge(releasable, (sequence, listener) ->
        {
            if (listener != null)
            {
                listener.onStored(partition.address, sequence);
            }
        });
        flushes.check();
    }

    /**
     * Fails the partition for good after an acknowledgement of {@code acked}, which this producer never published
     * there: its unacknowledged records fail now, later sends fail at once.
     */
    private void failPartition(final ProducerPartition partition, final long acked, final String store)
    {
        metrics.increment(Metric.INCARNATION_CONFLICTS);
        if (partition.failure != null)
        {
            return;
        }
        final String published = partition.nextSequence == 0 ? "nothing" : "up to sequence " +
            (partition.nextSequence - 1);
        final String message = "topic '" + partition.topic + "', partition " + partition.address + ": a store" +
            (store.isEmpty() ? "" : " (" + store + ")") + " acknowledged sequence " + Long.toUnsignedString(acked) +
            " but this producer published " + published + " there, so an earlier producer used this partition " +
            "address and the stores hold its records. The partition is failed: its unacknowledged and later sends " +
            "fail; start a new producer";
        LOG.error("Producer incarnation conflict: {}", message);
        partition.failure = new ProducerIncarnationException(message);
        partition.headDueAt = 0; // stop announcing a head the stores contradict
        unackedCount -= partition.unacked.releaseAll((sequence, listener) ->
        {
            if (listener != null)
            {
                listener.onFailed(partition.address, sequence, partition.failure);
            }
        });
        flushes.check();
    }

    private ProducerPartition partition(final String topic)
    {
        ProducerPartition partition = byTopic.get(topic);
        if (partition == null)
        {
            partition = new ProducerPartition(topic, Addresses.newAddress(), new StoreQuorum(minStores));
            // C's ACK with one store (the bytes on the wire stay C's); STORE-ACK to count distinct stores
            subscriber.subscribe(SubscriptionNotice.subscription(minStores == 1 ? MessageType.ACK
                : MessageType.STORE_ACK, partition.address));
            subscriber.subscribe(SubscriptionNotice.subscription(MessageType.FETCH, partition.address));
            byTopic.put(topic, partition);
            byAddress.put(partition.address, partition);
            partitionAddresses.put(topic, partition.address);
            quorums.put(partition.address, partition.quorum);
        }
        return partition;
    }
}
