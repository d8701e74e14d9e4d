package io.dafka.kafka.admin.internals;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Agent;
import io.dafka.agent.Clock;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.GroupAssignment;
import io.dafka.codec.GroupHeartbeat;
import io.dafka.codec.MessageType;
import io.dafka.codec.PartitionMessage;
import io.dafka.codec.StoreHeads;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.config.DafkaConfig;
import io.dafka.discovery.Beacon;
import io.dafka.discovery.NodeMesh;
import io.dafka.transport.Addresses;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.NodeMetrics;
import io.dafka.transport.Sockets;

/**
 * The Admin's engine: a node of the mesh that only listens. Its SUB socket, connected to every peer, takes every
 * producer's HEADs (the topics and partitions alive), every store's STORE-HEADS summaries (what the stores hold; a
 * store reader answers the subscription with a full summary at once, then every sync interval) and every group's
 * GROUP-HEARTBEATs and GROUP-ASSIGNMENTs; it records them in {@link ObservedPartitions} and {@link ObservedGroups}.
 * It sends nothing: its data socket exists because every node announces one. Engine thread only.
 */
final class AdminAgent implements Agent
{
    private static final int MESSAGES_PER_WORK = 1000;

    private final DafkaConfig config;
    private final Clock clock;
    private final NodeMetrics metrics = new NodeMetrics();
    private final ObservedPartitions partitions;
    private final ObservedGroups groups;
    private final String address = Addresses.newAddress();
    private MessageChannel channel;
    private NodeMesh mesh;
    private ZMQ.Socket publisher;
    private ZMQ.Socket subscriber;

    AdminAgent(final DafkaConfig config, final Clock clock, final ObservedPartitions partitions,
        final ObservedGroups groups)
    {
        this.config = config;
        this.clock = clock;
        this.partitions = partitions;
        this.groups = groups;
    }

    @Override
    public String roleName()
    {
        return "dafka-admin";
    }

    @Override
    public void onStart(final ZContext context, final ZMQ.Poller poller)
    {
        channel = new MessageChannel(metrics);
        final long maxMessageSize = config.get(DafkaConfig.SOCKET_MAX_MESSAGE_SIZE);
        publisher = Sockets.create(context, SocketType.XPUB, maxMessageSize);
        subscriber = Sockets.create(context, SocketType.SUB, maxMessageSize);
        for (final MessageType type : new MessageType[] {MessageType.HEAD, MessageType.STORE_HEADS,
            MessageType.GROUP_HEARTBEAT, MessageType.GROUP_ASSIGNMENT})
        {
            subscriber.subscribe(SubscriptionNotice.subscription(type, ""));
        }
        mesh = new NodeMesh(context, config, clock, metrics, poller, publisher, subscriber);
        poller.register(publisher, ZMQ.Poller.POLLIN);
        mesh.start(address);
    }

    Beacon beacon()
    {
        return mesh.beacon();
    }

    @Override
    public int doWork()
    {
        int work = mesh.doWork() + channel.drainNotices(publisher);
        final long now = clock.millis();
        for (DafkaMessage message = channel.receive(subscriber); message != null && work < MESSAGES_PER_WORK;
            message = channel.receive(subscriber))
        {
            onMessage(message, now);
            work++;
        }
        return work;
    }

    private void onMessage(final DafkaMessage message, final long now)
    {
        if (message instanceof PartitionMessage head && message.type() == MessageType.HEAD)
        {
            partitions.onHead(head.subject(), head.address(), head.sequence());
        }
        else if (message instanceof StoreHeads stored)
        {
            partitions.onStore(stored.address());
            for (int i = 0; i < stored.count(); i++)
            {
                partitions.onStored(stored.address(), stored.subject(i), stored.partition(i), stored.first(i),
                    stored.head(i));
            }
        }
        else if (message instanceof GroupHeartbeat heartbeat)
        {
            groups.onHeartbeat(heartbeat, now);
        }
        else if (message instanceof GroupAssignment assignment)
        {
            groups.onAssignment(assignment);
        }
    }

    @Override
    public long idleMillis()
    {
        return mesh.idleMillis();
    }

    @Override
    public void onClose()
    {
        if (mesh != null)
        {
            mesh.close();
        }
    }
}
