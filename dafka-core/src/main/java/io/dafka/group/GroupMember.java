package io.dafka.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.GroupAssignment;
import io.dafka.codec.GroupHeartbeat;
import io.dafka.codec.GroupHeartbeat.Protocol;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;

/**
 * One member of a consumer group, as a pure state machine with no coordinator (docs/groups.md). It knows nothing of
 * Kafka, partitions, sockets or threads: its inputs are the group's messages, the time, and the application's
 * commands; its outputs go to a {@link GroupOutput}: messages to publish and {@link GroupEvent}s for the
 * application. Every method takes the current time in milliseconds of a monotonic clock. Not thread-safe: the
 * consumer engine drives it from its own thread and calls {@link #tick} at least every {@link #nextTickAt()}.
 *
 * <p>Rules: every member heartbeats; every member keeps a {@link MemberView}; the member with the smallest
 * identity leads and, once its view has been stable for a while, asks its application for an assignment and
 * publishes it under a generation numbered above any heard of; every member follows the best assignment heard
 * ({@link GenerationId} order); a member reports in its heartbeats the generation its application confirmed it
 * holds; and a member reports {@link GroupEvent.Settled} only when every other live member of that generation
 * holds it and every other live member holds nothing.
 */
public final class GroupMember
{
    /** The shortest gap between two prompt heartbeats, so that many members joining at once cause no storm. */
    static final long PROMPT_GAP_MILLIS = 20;

    private final String group;
    private final String address;
    private final String instance;
    private final String identity;
    private final GroupSettings settings;
    private final GroupOutput output;
    private final AssignmentState state = new AssignmentState();
    private MemberView view;
    private List<Protocol> protocols = List.of();
    private boolean joined;
    private long joinedAt;
    private long lastPoll;
    private long sequence;
    private long nextHeartbeatAt;
    private long lastTick = Long.MIN_VALUE;
    private long lastHeartbeatAt = Long.MIN_VALUE / 2;
    private final Discovery discovery;
    private long lastRepublishAt = Long.MIN_VALUE / 2;
    private long needSince = -1;
    private GenerationId computing;
    private Map<String, List<Protocol>> computingFrom;
    private String computingProtocol;
    /** The members' protocols the best assignment was computed from (or adopted with), to notice changes. */
    private Map<String, List<Protocol>> bestFrom;
    private GenerationId bestFromGeneration = GenerationId.NONE;
    private long reportedNoProtocolAt = -1;
    /** Counts {@link #itemsChanged} calls; {@link #bestItems}: the count the best assignment was computed at. */
    private long items;
    private long bestItems;
    private long computingItems;

    /**
     * @param address  this consumer node's address
     * @param instance the {@code group.instance.id} of a static member, or "" (or {@code null}) for a dynamic one
     */
    public GroupMember(final String group, final String address, final String instance,
        final GroupSettings settings, final GroupOutput output)
    {
        this.group = requireText("group", group);
        this.address = requireText("address", address);
        this.instance = instance == null ? "" : instance;
        this.identity = this.instance.isEmpty() ? address : this.instance;
        this.settings = settings;
        this.output = output;
        this.discovery = new Discovery(settings);
    }

    /** What the engine's SUB socket subscribes to while the member is in the group: exactly this group's messages. */
    public static List<byte[]> subscriptions(final String group)
    {
        return List.of(SubscriptionNotice.exactSubscription(MessageType.GROUP_HEARTBEAT, group),
            SubscriptionNotice.exactSubscription(MessageType.GROUP_ASSIGNMENT, group));
    }

    /** This member's identity: its instance id if static, else its address. */
    public String identity()
    {
        return identity;
    }

    public boolean joined()
    {
        return joined;
    }

    /** Whether this member currently leads its view of the group. */
    public boolean leads()
    {
        return joined && (view.members().isEmpty() || identity.compareTo(view.members().firstKey()) < 0);
    }

    /** The view of the other members, for tests. */
    MemberView view()
    {
        return view;
    }

    /** The generation the application confirmed it holds, {@link GenerationId#NONE} if none. */
    public GenerationId held()
    {
        return state.held();
    }

    /**
     * Joins the group with these protocols (in order of preference), or, if already joined, changes them (the
     * application's subscription changed; the leader will assign again).
     *
     * @param generationFloor a generation number the group is known to have reached (the highest one its committed
     *                        offsets name, say): the group numbers its next generation above it, so that its
     *                        commits are not taken for a superseded generation's; 0 if none
     */
    public void join(final List<Protocol> supported, final long generationFloor, final long now)
    {
        if (supported.isEmpty())
        {
            throw new IllegalArgumentException("a member needs at least one protocol");
        }
        protocols = List.copyOf(supported);
        if (!joined)
        {
            joined = true;
            joinedAt = now;
            discovery.restart(now);
            lastPoll = now;
            // The view starts stable: only members heard change it (discovery covers the time they take).
            view = new MemberView(settings.sessionTimeout(), now - settings.stableDelay());
            state.reset();
            computing = null;
            needSince = -1;
        }
        state.observeNumber(generationFloor);
        heartbeat(now, 0);
        evaluate(now);
    }

    /**
     * Leaves the group: one heartbeat with the leaving flag, so that the others drop this member at once. The
     * application has already revoked what it holds (Kafka's {@code close()} does).
     */
    public void leave(final long now)
    {
        if (joined)
        {
            heartbeat(now, GroupHeartbeat.LEAVING);
            joined = false;
            state.release();
            computing = null;
        }
    }

    /**
     * The application learned of items the group has not assigned yet (a new partition), as a metadata change in
     * Kafka: a leader computes a new generation (at once: the view need not be stable for this).
     */
    public void itemsChanged(final long now)
    {
        if (joined)
        {
            items++;
            evaluate(now);
        }
    }

    /**
     * A peer subscribed to this group's heartbeats on the engine's data socket: a member connected to this node, or
     * joined. It is counted for quick discovery, and this member heartbeats soon (at most one prompt heartbeat per
     * {@link #PROMPT_GAP_MILLIS}), so that a member that just joined hears it within a round trip rather than a
     * heartbeat interval.
     */
    public void peerSubscribed(final long now)
    {
        discovery.peerSubscribed();
        heartbeatSoon(now);
    }

    /**
     * No peer subscribes to this group's heartbeats on the engine's data socket any more: ZeroMQ reports an
     * unsubscription only when the last peer that had the subscription goes (until then the count stays high, which
     * only makes a member joining meanwhile listen the whole discovery time).
     */
    public void peerUnsubscribed(final long now)
    {
        discovery.noPeerSubscribed();
    }

    /** The engine heard of a new peer at {@code at} (or started tracking peers then): discovery waits for quiet. */
    public void peerAppeared(final long at)
    {
        discovery.peerAppeared(at);
    }

    /** The application polled. */
    public void poll(final long now)
    {
        lastPoll = now;
    }

    /**
     * The application ran the assignor asked for by {@link GroupEvent.ComputeAssignment}. Ignored if this member
     * asked since for another generation or no longer leads; then it asks again if needed.
     *
     * @throws IllegalArgumentException if the assignments are not exactly for the members that were asked for
     */
    public void assignmentComputed(final GenerationId generation, final Map<String, byte[]> assignments,
        final long now)
    {
        if (computing == null || !computing.equals(generation))
        {
            return;
        }
        if (!assignments.keySet().equals(computingFrom.keySet()))
        {
            throw new IllegalArgumentException("the assignment of generation " + generation + " is for members " +
                new TreeMap<>(assignments).keySet() + " but the members are " + computingFrom.keySet());
        }
        final Map<String, List<Protocol>> from = computingFrom;
        final String protocol = computingProtocol;
        computing = null;
        computingFrom = null;
        if (joined && leads() && sameProtocols(from, memberProtocols()) && generation.isBetterThan(state.greatest()) &&
            generation.number() > state.known())
        {
            state.offer(new AssignmentState.Assignment(generation, protocol, new TreeMap<>(assignments)));
            bestFrom = from;
            bestFromGeneration = generation;
            bestItems = computingItems;
            publishBest(now);
        }
        evaluate(now); // if the view changed meanwhile, this asks again
    }

    /**
     * The application now holds only what {@code generation} gave it: it revoked what that generation took away
     * (or everything, for {@link GenerationId#NONE} after {@link GroupEvent.Lost}). Heartbeats report it from now.
     */
    public void applied(final GenerationId generation, final long now)
    {
        if (joined && state.applied(generation))
        {
            heartbeat(now, 0);
            evaluate(now);
        }
    }

    /** A GROUP-HEARTBEAT or GROUP-ASSIGNMENT received; other messages and other groups are ignored. */
    public void onMessage(final DafkaMessage message, final long now)
    {
        if (!joined || !group.equals(message.topic()))
        {
            return;
        }
        if (message instanceof GroupHeartbeat heartbeat)
        {
            onHeartbeat(heartbeat, now);
        }
        else if (message instanceof GroupAssignment assignment)
        {
            onAssignment(assignment);
        }
        evaluate(now);
    }

    /** Time passes: heartbeats, session and poll timeouts, stability waits. */
    public void tick(final long now)
    {
        lastTick = now;
        if (!joined)
        {
            return;
        }
        if (now - lastPoll >= settings.maxPollInterval())
        {
            leave(now);
            output.event(new GroupEvent.Lost("the application did not poll within max.poll.interval.ms (" +
                settings.maxPollInterval() + " ms)"));
            return;
        }
        view.expire(now);
        if (now >= nextHeartbeatAt)
        {
            heartbeat(now, 0);
        }
        evaluate(now);
    }

    /**
     * The latest time at which {@link #tick} must run next: the next heartbeat, poll deadline, expiry or end of a
     * wait, whichever comes first and lies after the last tick; {@link Long#MAX_VALUE} when not joined.
     */
    public long nextTickAt()
    {
        if (!joined)
        {
            return Long.MAX_VALUE;
        }
        long next = Math.min(nextHeartbeatAt, lastPoll + settings.maxPollInterval());
        next = Math.min(next, afterLastTick(view.nextExpiry()));
        next = Math.min(next, discovery.nextDeadlineAfter(lastTick));
        if (needSince >= 0)
        {
            next = Math.min(next, afterLastTick(view.lastChange() + settings.stableDelay()));
            next = Math.min(next, afterLastTick(needSince + settings.maxStableWait()));
        }
        return next;
    }

    /** {@code time} if it is still to come, else {@link Long#MAX_VALUE}, so a past deadline never busy-loops. */
    private long afterLastTick(final long time)
    {
        return time > lastTick ? time : Long.MAX_VALUE;
    }

    private void onHeartbeat(final GroupHeartbeat heartbeat, final long now)
    {
        if (heartbeat.address().equals(address))
        {
            return; // our own, if the engine hears itself
        }
        final String sender = heartbeat.instance().isEmpty() ? heartbeat.address() : heartbeat.instance();
        final boolean known = view.members().containsKey(sender);
        if (sender.equals(identity) || !view.onHeartbeat(heartbeat, sender, now))
        {
            return;
        }
        if (!known && !heartbeat.leaving())
        {
            heartbeatSoon(now); // a member that just joined hears this one within a round trip
        }
        state.observeNumber(heartbeat.known());
        if (heartbeat.generation() != 0)
        {
            state.observe(new GenerationId(heartbeat.generation(), heartbeat.leader()));
        }
    }

    private void onAssignment(final GroupAssignment message)
    {
        if (message.generation() == 0)
        {
            return;
        }
        final Map<String, byte[]> members = new LinkedHashMap<>();
        for (final GroupAssignment.Member member : message.members())
        {
            members.put(member.member(), member.assignment());
        }
        state.offer(new AssignmentState.Assignment(new GenerationId(message.generation(), message.leader()),
            message.protocol(), members));
    }

    /** Everything that follows from the current knowledge: deliver, lead, republish, settle. */
    private void evaluate(final long now)
    {
        if (!joined)
        {
            return;
        }
        final GroupEvent delivered = state.deliver(identity);
        if (delivered != null)
        {
            output.event(delivered);
        }
        lead(now);
        republish(now);
        if (discovery.ended(now, view.members().size()))
        {
            final AssignmentState.Assignment best = state.best();
            final GroupEvent settled = best == null ? null
                : state.settle(view.readyFor(best.generation(), best.members().keySet(), identity,
                    now - joinedAt >= settings.sessionTimeout()));
            if (settled != null)
            {
                output.event(settled);
            }
        }
    }

    private void lead(final long now)
    {
        if (!leads() || !discovery.ended(now, view.members().size()) || computing != null)
        {
            needSince = -1;
            return;
        }
        final Map<String, List<Protocol>> current = memberProtocols();
        final AssignmentState.Assignment best = state.best();
        if (best != null && !best.generation().equals(bestFromGeneration))
        {
            bestFrom = current; // adopted another leader's assignment: take it as computed from today's view
            bestFromGeneration = best.generation();
            bestItems = items;
        }
        final boolean needed = state.bestIsOutdated() || !best.members().keySet().equals(current.keySet()) ||
            !sameProtocols(bestFrom, current) || bestItems != items;
        if (!needed)
        {
            needSince = -1;
            return;
        }
        if (needSince < 0)
        {
            needSince = now;
        }
        if (now - view.lastChange() < settings.stableDelay() && now - needSince < settings.maxStableWait())
        {
            return;
        }
        if (now - joinedAt < settings.sessionTimeout() && (state.greatest().isSome() &&
            (best == null || !best.generation().equals(state.greatest())) ||
            best != null && !view.accountsFor(best.members().keySet(), identity)))
        {
            // the newest generation's members are unknown (its assignment is still to be republished to us), or one
            // of them is neither heard nor known gone: it may still hold items
            return;
        }
        final String protocol = ProtocolChoice.choose(protocols, current.values());
        if (protocol == null)
        {
            if (reportedNoProtocolAt != view.lastChange())
            {
                reportedNoProtocolAt = view.lastChange();
                final Map<String, List<String>> names = new TreeMap<>();
                current.forEach((member, list) -> names.put(member, list.stream().map(Protocol::name).toList()));
                output.event(new GroupEvent.NoCommonProtocol(names));
            }
            return;
        }
        final long number = Math.max(state.known(), state.greatest().number()) + 1;
        computing = new GenerationId(number, identity);
        computingFrom = current;
        computingProtocol = protocol;
        computingItems = items;
        final Map<String, byte[]> metadata = new LinkedHashMap<>();
        current.forEach((member, list) -> metadata.put(member, ProtocolChoice.find(list, protocol).metadata()));
        output.event(new GroupEvent.ComputeAssignment(computing, protocol, metadata));
    }

    /**
     * Republishes the best assignment, at most once per heartbeat interval: the leader while a member lags; a member
     * that holds it while the leader holds nothing (a leader that just joined or restarted learns who may hold items).
     */
    private void republish(final long now)
    {
        final AssignmentState.Assignment best = state.best();
        if (best == null || computing != null || now - lastRepublishAt < settings.heartbeatInterval())
        {
            return;
        }
        final boolean lagging = leads() ? view.anyHoldsOtherThan(best.generation())
            : state.held().equals(best.generation()) && !view.members().firstEntry().getValue().held().isSome();
        if (lagging)
        {
            publishBest(now);
        }
    }

    private void publishBest(final long now)
    {
        final AssignmentState.Assignment best = state.best();
        final List<GroupAssignment.Member> members = new ArrayList<>(best.members().size());
        best.members().forEach((member, bytes) -> members.add(new GroupAssignment.Member(member, bytes)));
        output.publish(new GroupAssignment().set(group, best.generation().leader(), best.generation().number(),
            best.protocol(), members));
        lastRepublishAt = now;
    }

    private void heartbeat(final long now, final int flags)
    {
        final GenerationId held = state.held();
        output.publish(new GroupHeartbeat().set(group, address, instance, ++sequence, held.number(), held.leader(),
            state.known(), flags, protocols));
        lastHeartbeatAt = now;
        nextHeartbeatAt = now + settings.heartbeatInterval();
    }

    /** Brings the next heartbeat forward to now, or to {@link #PROMPT_GAP_MILLIS} after the last one. */
    private void heartbeatSoon(final long now)
    {
        if (joined)
        {
            nextHeartbeatAt = Math.min(nextHeartbeatAt, Math.max(now, lastHeartbeatAt + PROMPT_GAP_MILLIS));
            if (now >= nextHeartbeatAt)
            {
                heartbeat(now, 0);
            }
        }
    }

    /** Every live member's protocols by identity, this one included, in identity order. */
    private Map<String, List<Protocol>> memberProtocols()
    {
        final Map<String, List<Protocol>> all = new TreeMap<>();
        view.members().forEach((member, known) -> all.put(member, known.protocols()));
        all.put(identity, protocols);
        return all;
    }

    private static boolean sameProtocols(final Map<String, List<Protocol>> a, final Map<String, List<Protocol>> b)
    {
        if (a == null || !a.keySet().equals(b.keySet()))
        {
            return false;
        }
        for (final Map.Entry<String, List<Protocol>> entry : a.entrySet())
        {
            if (!ProtocolChoice.same(entry.getValue(), b.get(entry.getKey())))
            {
                return false;
            }
        }
        return true;
    }

    private static String requireText(final String name, final String value)
    {
        if (value == null || value.isEmpty())
        {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}
