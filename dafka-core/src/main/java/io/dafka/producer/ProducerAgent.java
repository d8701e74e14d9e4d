package io.dafka.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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
import io.dafka.codec.DirectRecord;
import io.dafka.codec.DropReason;
import io.dafka.codec.Fetch;
import io.dafka.codec.Head;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.codec.StoreAck;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.config.DafkaConfig;
import io.dafka.discovery.Beacon;
import io.dafka.discovery.NodeMesh;
import io.dafka.transport.Addresses;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.Sockets;

/**
 * The producer engine: publishes RECORDs, repeats HEAD, answers FETCH from unacknowledged records and releases
 * them once {@code producer.min_stores} distinct stores acknowledged them. Owns its sockets; runs on one thread.
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
    /** DIRECT-RECORDs sent per doWork for pending FETCH answers, so one large answer cannot stall the loop. */
    private static final int MAX_SERVED_PER_WORK = 10_000;

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
    private final long headInterval;
    private final int minStores;
    private final Map<String, Partition> byTopic = new HashMap<>();
    private final Map<String, Partition> byAddress = new HashMap<>();
    private final Map<String, String> partitionAddresses = new ConcurrentHashMap<>();
    private final Map<String, StoreQuorum> quorums = new ConcurrentHashMap<>();
    private final ArrayDeque<Answer> answers = new ArrayDeque<>();
    private final List<PendingFlush> flushes = new ArrayList<>();
    private final Record record = new Record();
    private final DirectRecord directRecord = new DirectRecord();
    private final Head head = new Head();
    private MessageChannel channel;
    private NodeMesh mesh;
    private ZMQ.Socket publisher;
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
        this.headInterval = config.get(DafkaConfig.PRODUCER_HEAD_INTERVAL);
        this.minStores = config.getInt(DafkaConfig.PRODUCER_MIN_STORES);
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
        work += channel.drainNotices(publisher);
        work += serveAnswers();
        work += mesh.doWork();
        work += sendDueHeads();
        return work;
    }

    @Override
    public long idleMillis()
    {
        long next = mesh.idleMillis();
        final long now = clock.millis();
        for (final Partition partition : byTopic.values())
        {
            if (partition.headDueAt > 0)
            {
                next = Math.min(next, Math.max(0, partition.headDueAt - now));
            }
        }
        return answers.isEmpty() ? next : 0;
    }

    @Override
    public void onClose()
    {
        long lost = 0;
        for (final Partition partition : byTopic.values())
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
        for (final PendingFlush flush : flushes)
        {
            flush.done.completeExceptionally(new IllegalStateException("producer closed before all records were acknowledged"));
        }
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
        final Partition partition = partition(send.topic());
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
        partition.headSequence = sequence;
        if (partition.headDueAt == 0)
        {
            partition.headDueAt = clock.millis() + headInterval;
        }
        if (send.listener() != null)
        {
            send.listener().onPublished(partition.address, sequence);
        }
    }

    private void onFlush(final Flush flush)
    {
        final Map<Partition, Long> targets = new HashMap<>();
        for (final Partition partition : byTopic.values())
        {
            if (!partition.unacked.isEmpty())
            {
                targets.put(partition, partition.nextSequence - 1);
            }
        }
        final PendingFlush pending = new PendingFlush(targets, flush.done());
        if (!pending.checkDone())
        {
            flushes.add(pending);
        }
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
                onFetch(fetch);
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
        final Partition partition = byAddress.get(address);
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
        if (!flushes.isEmpty())
        {
            flushes.removeIf(PendingFlush::checkDone);
        }
    }

    /**
     * Fails the partition for good after an acknowledgement of {@code acked}, which this producer never published
     * there: its unacknowledged records fail now, later sends fail at once.
     */
    private void failPartition(final Partition partition, final long acked, final String store)
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
        if (!flushes.isEmpty())
        {
            flushes.removeIf(PendingFlush::checkDone);
        }
    }

    private void onFetch(final Fetch fetch)
    {
        final Partition partition = byAddress.get(fetch.topic());
        if (partition == null || partition.failure != null || fetch.count() == 0 || fetch.sequence() < 0)
        {
            return; // 2^63 and above is no real sequence
        }
        answers.add(new Answer(partition, fetch.address(), fetch.sequence(), fetch.count()));
    }

    private int serveAnswers()
    {
        int served = 0;
        while (served < MAX_SERVED_PER_WORK && !answers.isEmpty())
        {
            final Answer answer = answers.peek();
            answer.skipAcknowledged();
            final byte[] content = answer.partition.unacked.content(answer.next);
            if (content == null || answer.remaining == 0)
            {
                answers.poll();
                continue;
            }
            directRecord.set(answer.requester, answer.partition.address, answer.partition.topic, answer.next, content);
            metrics.increment(Metric.RECORDS_SERVED);
            MessageChannel.send(publisher, directRecord);
            answer.next++;
            answer.remaining--;
            served++;
        }
        return served;
    }

    private int sendDueHeads()
    {
        int sent = 0;
        final long now = clock.millis();
        for (final Partition partition : byTopic.values())
        {
            if (partition.headDueAt > 0 && now >= partition.headDueAt)
            {
                head.set(partition.topic, partition.address, partition.topic, partition.headSequence);
                metrics.increment(Metric.HEADS_SENT);
                MessageChannel.send(publisher, head);
                partition.headDueAt = now + headInterval;
                sent++;
            }
        }
        return sent;
    }

    private Partition partition(final String topic)
    {
        Partition partition = byTopic.get(topic);
        if (partition == null)
        {
            partition = new Partition(topic, Addresses.newAddress(), new StoreQuorum(minStores));
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

    /** One topic written by this producer: a Dafka partition with its own address. */
    private static final class Partition
    {
        final String topic;
        final String address;
        final UnackedRecords<SendListener> unacked = new UnackedRecords<>();
        final StoreQuorum quorum;
        long nextSequence;
        /** Set when the partition failed for good (incarnation conflict); its sends fail. */
        ProducerIncarnationException failure;
        long headSequence = -1;
        long headDueAt;

        Partition(final String topic, final String address, final StoreQuorum quorum)
        {
            this.topic = topic;
            this.address = address;
            this.quorum = quorum;
        }
    }

    /** The rest of a FETCH answer still to send. */
    private static final class Answer
    {
        final Partition partition;
        final String requester;
        long next;
        long remaining;

        Answer(final Partition partition, final String requester, final long next, final long remaining)
        {
            this.partition = partition;
            this.requester = requester;
            this.next = next;
            this.remaining = remaining;
        }

        /**
         * Starts at the oldest unacknowledged record: those before it are acknowledged, so stores serve them, while
         * the rest of the range may be unacknowledged still (the requester is a store that fell behind the quorum,
         * or records were acknowledged while this answer waited), and only this producer has those.
         */
        void skipAcknowledged()
        {
            final long oldest = partition.unacked.firstSequence();
            if (oldest > next)
            {
                final long skipped = Math.min(remaining, oldest - next);
                next += skipped;
                remaining -= skipped;
            }
        }
    }

    private record PendingFlush(Map<Partition, Long> targets, CompletableFuture<Void> done)
    {
        boolean checkDone()
        {
            for (final Iterator<Map.Entry<Partition, Long>> it = targets.entrySet().iterator(); it.hasNext(); )
            {
                final Map.Entry<Partition, Long> target = it.next();
                final Partition partition = target.getKey();
                if (partition.failure != null || partition.unacked.lastAcked() >= target.getValue())
                {
                    it.remove();
                }
            }
            if (targets.isEmpty())
            {
                done.complete(null);
                return true;
            }
            return false;
        }
    }
}
