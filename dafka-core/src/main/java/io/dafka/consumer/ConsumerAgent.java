package io.dafka.consumer;

import java.util.ArrayList;
import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Agent;
import io.dafka.agent.Clock;
import io.dafka.agent.Mailbox;
import io.dafka.codec.ConsumerHello;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectBatch;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.DropReason;
import io.dafka.codec.MessageType;
import io.dafka.codec.PartitionMessage;
import io.dafka.codec.Record;
import io.dafka.codec.StoreHello;
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
 * The consumer engine: delivers each partition's records in order and exactly once, asking the producer and
 * the stores for what it missed. Owns its sockets; runs on one thread.
 */
final class ConsumerAgent implements Agent
{
    private static final int MAX_COMMANDS_PER_WORK = 1000;
    private static final int MAX_MESSAGES_PER_WORK = 10_000;

    private final DafkaConfig config;
    private final Clock clock;
    private final NodeMetrics metrics;
    private final Mailbox<ConsumerCommand> mailbox;
    private final Handover handover;
    private final LiveRecordFilter liveFilter;
    private final StartPolicy startPolicy;
    private final String address = Addresses.newAddress();
    private final boolean askStoresForHeads;
    private final GapRequests gaps;
    private final int reorderCapacity;
    /** Where the engine publishes what it knows for other threads ({@link #publishView}). */
    private final ConsumerView view;
    private final CursorTable cursors = new CursorTable();
    private final ConsumerHello consumerHello = new ConsumerHello();
    private final DirectBatches batches = new DirectBatches();
    /** The consumer's group, or null if it has none. */
    private final GroupLink group;
    /** Requests for committed offsets kept by the stores, or null if the consumer keeps none there. */
    private final OffsetRequests offsets;
    private FollowedTopics topics;
    private CommandHandler commands;
    private MessageChannel channel;
    private NodeMesh mesh;
    private ZMQ.Poller poller;
    private ZMQ.Socket publisher;
    private ZMQ.Socket subscriber;

    ConsumerAgent(final DafkaConfig config, final Clock clock, final NodeMetrics metrics,
        final Mailbox<ConsumerCommand> mailbox, final DeliveryQueue deliveries,
        final LiveRecordFilter liveFilter, final StartPolicy startPolicy, final ConsumerView view,
        final GroupLink group, final boolean storeOffsets)
    {
        this.group = group;
        this.view = view;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.mailbox = mailbox;
        this.handover = new Handover(deliveries, config.getInt(DafkaConfig.CONSUMER_QUEUE_CAPACITY));
        this.liveFilter = liveFilter;
        this.startPolicy = startPolicy;
        final String discovery = config.get(DafkaConfig.CONSUMER_DISCOVERY);
        this.askStoresForHeads = "stores".equals(discovery) ||
            "auto".equals(discovery) && "earliest".equals(config.get(DafkaConfig.CONSUMER_OFFSET_RESET));
        this.gaps = new GapRequests(address, metrics, clock, config.get(DafkaConfig.CONSUMER_FETCH_RETRY_INTERVAL),
            config.get(DafkaConfig.CONSUMER_FETCH_MAX_COUNT));
        this.reorderCapacity = config.getInt(DafkaConfig.CONSUMER_REORDER_CAPACITY);
        this.offsets = storeOffsets ? new OffsetRequests(address, clock,
            config.get(DafkaConfig.CONSUMER_FETCH_RETRY_INTERVAL), 2 * config.get(DafkaConfig.BEACON_INTERVAL)) : null;
    }

    @Override
    public String roleName()
    {
        return "dafka-consumer";
    }

    @Override
    public void onStart(final ZContext context, final ZMQ.Poller agentPoller)
    {
        this.poller = agentPoller;
        channel = new MessageChannel(metrics);
        final long maxMessageSize = config.get(DafkaConfig.SOCKET_MAX_MESSAGE_SIZE);
        final int hwm = config.getInt(DafkaConfig.CONSUMER_HIGH_WATERMARK);
        publisher = Sockets.create(context, SocketType.XPUB, maxMessageSize);
        publisher.setXpubVerbose(true);
        publisher.setSndHWM(hwm);
        subscriber = Sockets.create(context, SocketType.SUB, maxMessageSize);
        subscriber.setRcvHWM(hwm);
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.DIRECT_RECORD, address));
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.DIRECT_HEAD, address));
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.STORE_HELLO, address));
        DirectBatches.subscribe(subscriber, address, maxMessageSize);
        topics = new FollowedTopics(subscriber, publisher, address, askStoresForHeads);
        commands = new CommandHandler(topics, cursors, handover, gaps, publisher, group, offsets);
        final List<ZMQ.Socket> subscribers = new ArrayList<>(List.of(subscriber));
        if (group != null)
        {
            subscribers.add(group.open(context, maxMessageSize, address, clock, channel, publisher, cursors, handover,
                gaps));
        }
        if (offsets != null)
        {
            subscribers.add(offsets.open(context, maxMessageSize, channel, publisher));
        }
        mesh = new NodeMesh(context, config, clock, metrics, poller, publisher,
            subscribers.toArray(ZMQ.Socket[]::new));
        poller.register(publisher, ZMQ.Poller.POLLIN);
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

    /** The bound data endpoint (XPUB). */
    String endpoint()
    {
        return mesh.endpoint();
    }

    /** Publishes what the engine knows of partitions and topics, if it changed, as an immutable snapshot. */
    private void publishView()
    {
        cursors.publishTo(view);
    }

    /** True while the application is behind and the engine has stopped reading the network. */
    boolean throttled()
    {
        return handover.throttled();
    }

    @Override
    public int doWork()
    {
        int work = mailbox.drain(commands::apply, MAX_COMMANDS_PER_WORK);
        work += handover.handOver();
        work += readNotifications();
        if (!handover.throttled())
        {
            work += readMessages();
        }
        publishView(); // before the hand-over: the application knows a new partition before its first record
        commands.completeApplied(); // the view shows what they changed
        work += handover.handOver();
        work += mesh.doWork();
        if (group != null)
        {
            work += group.doWork(mesh.peerAppearedAt());
        }
        if (offsets != null)
        {
            work += offsets.doWork();
        }
        work += retryStalledGaps();
        updateThrottle();
        publishView();
        return work;
    }

    @Override
    public long idleMillis()
    {
        final long idle = Math.min(mesh.idleMillis(), gaps.millisToSweep());
        final long groupIdle = group == null ? idle : Math.min(idle, group.idleMillis());
        return offsets == null ? groupIdle : Math.min(groupIdle, offsets.idleMillis());
    }

    @Override
    public void onClose()
    {
        mailbox.drain(CommandHandler::refuse, Integer.MAX_VALUE);
        if (offsets != null)
        {
            offsets.close();
        }
        if (mesh != null)
        {
            mesh.close();
        }
    }

    private int readNotifications()
    {
        int work = 0;
        for (byte[] notice = channel.receiveNotice(publisher); notice != null; notice = channel.receiveNotice(publisher))
        {
            if (offsets != null)
            {
                offsets.onNotice(notice); // stores connecting and leaving
            }
            if (group != null)
            {
                group.onNotice(notice); // members connecting and leaving
            }
            if (SubscriptionNotice.isSubscribe(notice, MessageType.CONSUMER_HELLO))
            {
                sendConsumerHello(SubscriptionNotice.topic(notice)); // a store reader connected to us
            }
            else if (SubscriptionNotice.isSubscribe(notice, MessageType.FETCH) && notice.length > 2)
            {
                // The partition's producer hears our FETCHes only now: one sent before it connected back was
                // dropped, so the next HEAD, record or sweep asks again instead of after the retry interval.
                cursors.forgetRequests(SubscriptionNotice.topic(notice));
                metrics.increment(Metric.FETCH_SUBSCRIPTIONS_SEEN);
            }
            work++;
        }
        return work;
    }

    private int readMessages()
    {
        int work = 0;
        for (int i = 0; i < MAX_MESSAGES_PER_WORK && handover.hasRoom(); i++)
        {
            final DafkaMessage message = channel.receive(subscriber);
            if (message == null)
            {
                break;
            }
            onMessage(message);
            work++;
        }
        return work;
    }

    private void onMessage(final DafkaMessage message)
    {
        if (message instanceof PartitionMessage partitionMessage)
        {
            cursors.changed(partitionMessage.subject());
        }
        switch (message.type())
        {
            case RECORD ->
            {
                final Record record = (Record)message;
                if (liveFilter.accept(record.subject(), record.address(), record.sequence()))
                {
                    onRecord(record, record.content());
                }
            }
            case DIRECT_RECORD -> onDirectRecord((DirectRecord)message);
            case DIRECT_BATCH -> onBatch((DirectBatch)message);
            case HEAD, DIRECT_HEAD -> onHead((PartitionMessage)message);
            case STORE_HELLO -> sendConsumerHello(((StoreHello)message).address());
            default -> channel.dropped(DropReason.UNEXPECTED_TYPE);
        }
    }

    /**
     * A FETCH answer of consecutive records: one partition lookup for all of them. The records that follow the
     * position while nothing is held or to be judged are delivered straight away, as {@link #onRecord} would; the
     * rest go through it one by one.
     */
    private void onBatch(final DirectBatch batch)
    {
        final int count = batch.count();
        if (count == 0 || !topics.contains(batch.subject()))
        {
            return;
        }
        final PartitionCursor cursor = cursor(batch.subject(), batch.address(), batch.sequence(0), false);
        int next = 0;
        if (cursor.active() && !cursor.headRecordPending && !cursor.holdsRecords())
        {
            while (next < count && batch.sequence(next) == cursor.last + 1)
            {
                addDelivered(cursor, cursor.last + 1, batch.content(next));
                next++;
            }
            if (next > 0)
            {
                metrics.add(Metric.RECORDS_DELIVERED, next);
                if (cursor.knownHead > cursor.last)
                {
                    gaps.request(publisher, cursor, cursor.last); // the next part, once this FETCH is answered
                }
            }
        }
        batches.unpack(batch, next, this::onDirectRecord);
    }

    private void onDirectRecord(final DirectRecord record)
    {
        onRecord(record, record.content());
        final PartitionCursor cursor = cursors.get(record.subject(), record.address());
        if (cursor != null && cursor.active() && record.sequence() > cursor.last + 1)
        {
            cursor.answeredBeyondGap = true;
        }
    }

    private void onRecord(final PartitionMessage record, final byte[] content)
    {
        if (!topics.contains(record.subject()))
        {
            return; // DIRECT traffic for a topic we do not follow (docs/protocol.md#exact-topic-matching)
        }
        final long sequence = record.sequence();
        final PartitionCursor cursor = cursor(record.subject(), record.address(), sequence, false);
        if (!cursor.active())
        {
            cursor.knownHead = Math.max(cursor.knownHead, sequence); // fetched again once it has a position
        }
        else if (sequence <= cursor.last)
        {
            metrics.increment(Metric.DUPLICATES_DROPPED);
        }
        else if (sequence == cursor.last + 1)
        {
            if (cursor.judgeHeadRecord(startPolicy, sequence, content, topics.subscribedAt(record.subject())))
            {
                deliver(cursor, sequence, content);
            }
            else
            {
                cursor.delivered(sequence); // the start policy skips it: the partition starts after it
            }
            deliverHeld(cursor);
            cursor.discardDelivered();
            if (cursor.holdsRecords() || cursor.knownHead > cursor.last)
            {
                // More is missing: ask for the next part as soon as the outstanding FETCH is answered (with a
                // capped count, a store's DIRECT-HEAD may announce more than one FETCH asks for).
                gaps.request(publisher, cursor, cursor.highestHeld());
            }
        }
        else
        {
            if (cursor.hold(sequence, content, reorderCapacity))
            {
                metrics.increment(Metric.RECORDS_BUFFERED);
            }
            gaps.request(publisher, cursor, sequence);
        }
    }

    private void onHead(final PartitionMessage head)
    {
        if (topics.watching() && head.type() == MessageType.HEAD)
        {
            cursors.seen(head.subject());
        }
        if (!topics.contains(head.subject()))
        {
            return;
        }
        final long sequence = head.sequence();
        // A new partition starts, for latest, at the head record itself (it will be fetched), as in C.
        final PartitionCursor cursor = cursor(head.subject(), head.address(), sequence, true);
        if (head.type() == MessageType.HEAD && cursor.regressedBy(sequence))
        {
            onSequenceRegression(cursor, sequence);
        }
        if (!cursor.active())
        {
            cursor.knownHead = Math.max(cursor.knownHead, sequence);
        }
        else if (sequence > cursor.last)
        {
            gaps.request(publisher, cursor, sequence);
        }
    }

    /** Never silent: counts a partition's HEAD going back and logs it (rate-limited per partition). */
    private void onSequenceRegression(final PartitionCursor cursor, final long headSequence)
    {
        metrics.increment(Metric.SEQUENCE_REGRESSIONS);
        cursor.logRegression(headSequence, clock.millis());
    }

    /** The cursor of a partition, created on first sight where the start policy says, {@code observed} being seen. */
    private PartitionCursor cursor(final String topic, final String partition, final long observed,
        final boolean fromHead)
    {
        PartitionCursor cursor = cursors.get(topic, partition);
        if (cursor == null)
        {
            final long first = startPolicy.firstSequence(topic, partition, observed, fromHead);
            cursor = new PartitionCursor(topic, partition, first == StartPolicy.UNPOSITIONED ? -1 : first - 1);
            cursor.positioned = first != StartPolicy.UNPOSITIONED;
            cursor.headRecordPending = fromHead && first == observed;
            cursor.start = first == StartPolicy.UNPOSITIONED || cursor.headRecordPending ? -1 : first;
            cursors.put(cursor);
        }
        return cursor;
    }

    /** Repeats unanswered FETCHes even when no HEAD arrives (e.g. the producer is gone). */
    private int retryStalledGaps()
    {
        if (!gaps.sweepDue())
        {
            return 0;
        }
        final int[] work = {0};
        cursors.forEach(cursor ->
        {
            if (cursor.active() && cursor.knownHead > cursor.last && topics.contains(cursor.topic))
            {
                skipGapIfGone(cursor);
                gaps.request(publisher, cursor, cursor.knownHead);
                work[0]++;
            }
        });
        return work[0];
    }

    /**
     * Gives up a gap that stalled while a store answered beyond it (see {@link GapRequests#SWEEPS_BEFORE_SKIPPING}).
     */
    private void skipGapIfGone(final PartitionCursor cursor)
    {
        final long skipped = cursor.skipGapIfGone(GapRequests.SWEEPS_BEFORE_SKIPPING);
        if (skipped > 0)
        {
            cursors.changed(cursor.topic);
            metrics.add(Metric.RECORDS_SKIPPED, skipped);
            deliverHeld(cursor);
        }
    }

    /** Delivers the held records that follow the last delivered one without a gap. */
    private void deliverHeld(final PartitionCursor cursor)
    {
        for (byte[] next = cursor.takeNext(); next != null; next = cursor.takeNext())
        {
            deliver(cursor, cursor.last + 1, next);
        }
    }

    private void deliver(final PartitionCursor cursor, final long sequence, final byte[] content)
    {
        addDelivered(cursor, sequence, content);
        metrics.increment(Metric.RECORDS_DELIVERED);
    }

    /** Delivers the record after the position, not counted yet. */
    private void addDelivered(final PartitionCursor cursor, final long sequence, final byte[] content)
    {
        cursor.delivered(sequence);
        handover.add(new ConsumedRecord(cursor.topic, cursor.partition, sequence, content));
    }

    private void sendConsumerHello(final String storeReader)
    {
        MessageChannel.send(publisher, consumerHello.set(storeReader, address, topics.askedOfStores()));
    }

    /** Stops polling the data socket while the application is behind; the node wakes us when it polls. */
    private void updateThrottle()
    {
        if (handover.updateThrottle())
        {
            if (handover.throttled())
            {
                poller.unregister(subscriber);
            }
            else
            {
                poller.register(subscriber, ZMQ.Poller.POLLIN);
            }
        }
    }
}
