package io.dafka.consumer;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.agent.Clock;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.group.GenerationId;
import io.dafka.group.GroupEvent;
import io.dafka.group.GroupMember;
import io.dafka.group.GroupOutput;
import io.dafka.group.GroupSettings;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.Sockets;

/**
 * The consumer engine's side of a consumer group (docs/groups.md). On the engine's thread it drives a
 * {@link GroupMember}: hears the group's messages on a SUB socket of its own (never throttled, so an application
 * that is behind does not look dead to the others), ticks it, publishes its messages on the data socket. It gates
 * delivery: a grouped consumer delivers a partition only while the application owns it and, if a generation newly
 * gave it, only once that generation settled; it stops a revoked or lost partition at once, taking back its
 * records not polled yet. The application's side is {@link #nextEvent()} and {@link #polled}: the only state
 * shared between the two threads.
 */
final class GroupLink implements GroupOutput
{
    private static final int MAX_MESSAGES_PER_WORK = 1000;

    private final String group;
    private final String instance;
    private final GroupSettings settings;
    /** Events for the application, in order. */
    private final Queue<GroupEvent> events = new ConcurrentLinkedQueue<>();
    /** When the application last polled, on the engine's clock; written by the application's thread. */
    private volatile long polledAt = Long.MIN_VALUE;
    /** The member lost its membership and has not joined again since: its commits must fail. */
    private volatile boolean lost;
    /** What the application owns under {@link #ownedGeneration}, started or waiting for its settlement. */
    private final Set<OwnedPartition> owned = new HashSet<>();
    /** The partitions the engine delivers: owned, and retained or settled. */
    private final Set<OwnedPartition> started = new HashSet<>();
    private GenerationId ownedGeneration = GenerationId.NONE;
    /** The last generation that settled: partitions owned under it start at once. */
    private GenerationId settledGeneration = GenerationId.NONE;
    private long polledSeen = Long.MIN_VALUE;
    private Clock clock;
    private GroupMember member;
    private MessageChannel channel;
    private ZMQ.Socket publisher;
    private ZMQ.Socket subscriber;
    private CursorTable cursors;
    private Handover handover;
    private GapRequests gaps;
    /** A notice of a subscription to this group's heartbeats, after its first byte (subscribe or unsubscribe). */
    private byte[] heartbeatNotice;
    /** Whether the SUB socket subscribes to the group's messages: from the first join until a leave. */
    private boolean listening;

    /**
     * @param instance the {@code group.instance.id} of a static member, or "" for a dynamic one
     */
    GroupLink(final String group, final String instance, final GroupSettings settings)
    {
        if (group == null || group.isEmpty())
        {
            throw new IllegalArgumentException("a consumer group needs a non-empty group id");
        }
        this.group = group;
        this.instance = instance == null ? "" : instance;
        this.settings = settings;
    }

    /**
     * Creates the member and its SUB socket (engine thread, at the engine's start); returns the socket, to be
     * connected to every peer with the engine's other SUB socket.
     */
    ZMQ.Socket open(final ZContext context, final long maxMessageSize, final String address, final Clock engineClock,
        final MessageChannel messageChannel, final ZMQ.Socket dataPublisher, final CursorTable cursorTable,
        final Handover deliveries, final GapRequests gapRequests)
    {
        this.clock = engineClock;
        this.channel = messageChannel;
        this.publisher = dataPublisher;
        this.cursors = cursorTable;
        this.handover = deliveries;
        this.gaps = gapRequests;
        this.member = new GroupMember(group, address, instance, settings, this);
        subscriber = Sockets.create(context, SocketType.SUB, maxMessageSize);
        final byte[] heartbeats = SubscriptionNotice.exactSubscription(MessageType.GROUP_HEARTBEAT, group);
        heartbeatNotice = new byte[heartbeats.length + 1];
        System.arraycopy(heartbeats, 0, heartbeatNotice, 1, heartbeats.length);
        // Out of the group (before subscribe, or with assign), the application chooses its partitions itself.
        cursors.deliverOnly((topic, partition) -> !member.joined() ||
            started.contains(new OwnedPartition(topic, partition)));
        return subscriber;
    }

    /** The next event for the application, or null; any thread. */
    GroupEvent nextEvent()
    {
        return events.poll();
    }

    /** Whether the member lost its membership (and has not joined again), before the application heard it. */
    boolean lost()
    {
        return lost;
    }

    /** The application polled at {@code now} (engine clock); any thread. */
    void polled(final long now)
    {
        polledAt = now;
    }

    /** Applies a group command; engine thread. */
    void apply(final ConsumerCommand command)
    {
        final long now = clock.millis();
        if (command instanceof ConsumerCommand.JoinGroup join)
        {
            lost = false;
            if (!member.joined())
            {
                withholdAll(); // from now on the group decides what is delivered
            }
            listen(true);
            member.join(join.protocols(), join.generationFloor(), now);
        }
        else if (command instanceof ConsumerCommand.LeaveGroup)
        {
            release();
            member.leave(now);
            listen(false);
        }
        else if (command instanceof ConsumerCommand.AssignmentComputed computed)
        {
            member.assignmentComputed(computed.generation(), computed.assignments(), now);
        }
        else if (command instanceof ConsumerCommand.GroupApplied applied)
        {
            onApplied(applied.generation(), applied.owned(), now);
        }
        else if (command instanceof ConsumerCommand.GroupItemsChanged)
        {
            member.itemsChanged(now);
        }
    }

    /**
     * Subscribes to the group's messages on joining, so that the members' nodes see a new subscriber and heartbeat
     * at once (docs/groups.md#discovery), and unsubscribes on leaving, so that a consumer out of the group is not
     * counted as a member to be heard.
     */
    private void listen(final boolean on)
    {
        if (on != listening)
        {
            listening = on;
            for (final byte[] prefix : GroupMember.subscriptions(group))
            {
                if (on)
                {
                    subscriber.subscribe(prefix);
                }
                else
                {
                    subscriber.unsubscribe(prefix);
                }
            }
        }
    }

    /**
     * A subscription notice of the engine's data socket: a peer subscribing to this group's heartbeats (a member
     * connecting) or the last such subscription going away, counted for the member's quick discovery.
     */
    void onNotice(final byte[] notice)
    {
        if (notice.length == heartbeatNotice.length &&
            Arrays.equals(notice, 1, notice.length, heartbeatNotice, 1, heartbeatNotice.length))
        {
            if (notice[0] == 0)
            {
                member.peerUnsubscribed(clock.millis());
            }
            else
            {
                member.peerSubscribed(clock.millis());
            }
        }
    }

    /**
     * Hears the group, tells the member the application polled and when the mesh last saw a new peer
     * ({@code peerAppearedAt}), ticks it when due; engine thread.
     */
    int doWork(final long peerAppearedAt)
    {
        final long now = clock.millis();
        member.peerAppeared(peerAppearedAt);
        int work = 0;
        for (DafkaMessage message = channel.receive(subscriber); message != null; message = channel.receive(subscriber))
        {
            member.onMessage(message, now);
            if (++work == MAX_MESSAGES_PER_WORK)
            {
                break;
            }
        }
        final long polled = polledAt;
        if (polled != polledSeen)
        {
            polledSeen = polled;
            member.poll(polled);
        }
        if (now >= member.nextTickAt())
        {
            member.tick(now);
            work++;
        }
        return work;
    }

    /** How long the engine may sleep before the member must tick. */
    long idleMillis()
    {
        final long next = member.nextTickAt();
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, next - clock.millis());
    }

    @Override
    public void publish(final DafkaMessage message)
    {
        MessageChannel.send(publisher, message);
    }

    @Override
    public void event(final GroupEvent event)
    {
        if (event instanceof GroupEvent.Settled settled)
        {
            settledGeneration = settled.generation();
            if (settledGeneration.equals(ownedGeneration))
            {
                owned.forEach(this::start);
            }
        }
        else if (event instanceof GroupEvent.Lost)
        {
            lost = true;
            release();
        }
        events.add(event);
    }

    private void onApplied(final GenerationId generation, final Set<OwnedPartition> nowOwned, final long now)
    {
        if (!generation.isSome() && !nowOwned.isEmpty())
        {
            throw new IllegalArgumentException("a member that holds no generation owns nothing: " + nowOwned);
        }
        for (final OwnedPartition partition : List.copyOf(started))
        {
            if (!nowOwned.contains(partition))
            {
                stop(partition);
            }
        }
        owned.clear();
        owned.addAll(nowOwned);
        ownedGeneration = generation;
        if (generation.isSome() && generation.equals(settledGeneration))
        {
            owned.forEach(this::start); // more of a settled generation (a partition seen only now)
        }
        member.applied(generation, now); // may settle at once, starting the new partitions
    }

    /** Withholds every partition not started, taking back its records not polled yet. */
    private void withholdAll()
    {
        cursors.forEach(cursor ->
        {
            if (!cursor.withheld && !started.contains(new OwnedPartition(cursor.topic, cursor.partition)))
            {
                CommandHandler.takeBack(handover, cursors, cursor);
                cursor.withheld = true;
            }
        });
    }

    /** Stops everything, at once: the member lost its membership or leaves. */
    private void release()
    {
        List.copyOf(started).forEach(this::stop);
        owned.clear();
        ownedGeneration = GenerationId.NONE;
        settledGeneration = GenerationId.NONE;
    }

    private void start(final OwnedPartition partition)
    {
        if (!started.add(partition))
        {
            return;
        }
        final PartitionCursor cursor = cursors.get(partition.topic(), partition.partition());
        if (cursor != null)
        {
            cursor.withheld = false;
            cursors.changed(cursor.topic);
            if (cursor.active())
            {
                gaps.request(publisher, cursor, cursor.knownHead);
            }
        }
    }

    private void stop(final OwnedPartition partition)
    {
        started.remove(partition);
        final PartitionCursor cursor = cursors.get(partition.topic(), partition.partition());
        if (cursor != null)
        {
            CommandHandler.takeBack(handover, cursors, cursor);
            cursor.withheld = true;
        }
    }
}
