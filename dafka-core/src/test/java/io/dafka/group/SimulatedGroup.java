package io.dafka.group;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.GroupHeartbeat.Protocol;
import io.dafka.codec.MessageDecoder;

/**
 * A deterministic simulation of a group: members ({@link GroupMember} plus a model of the application that owns
 * opaque items), a network that delivers each encoded frame to each other member after a seeded random delay
 * (so frames reorder), drops a seeded fraction of them, and can cut chosen links; and a simulated clock advanced
 * in steps of {@value #STEP} ms. After every step it checks the safety invariant: no item is owned by two live
 * members at once. The test assignor is round-robin over the items named in the members' metadata.
 */
final class SimulatedGroup
{
    static final long STEP = 5;
    static final String GROUP = "g";
    static final String PROTOCOL = "roundrobin";

    /** Whether a frame from one member to another is cut. */
    @FunctionalInterface
    interface Cut
    {
        boolean cuts(String from, String to, byte[] frame);
    }

    private record InFlight(long at, long order, Member to, byte[] frame)
    {
    }

    private record Scheduled(long at, long order, Runnable action)
    {
    }

    private final Random random;
    private final GroupSettings settings;
    private final MessageDecoder decoder = new MessageDecoder();
    private final PriorityQueue<InFlight> network = new PriorityQueue<>(
        (a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : Long.compare(a.order(), b.order()));
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>(
        (a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : Long.compare(a.order(), b.order()));
    private final Map<String, Member> members = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    /** What happened, one line per event, for a failing seed's message; only kept if {@link #tracing}. */
    final List<String> trace = new ArrayList<>();
    boolean tracing;
    private long now = 1_000;
    private long order;
    private int incarnations;
    double dropRate;
    long minDelay = 1;
    long maxDelay = 5;
    Cut cut = (from, to, frame) -> false;
    /**
     * Whether members learn of the mesh as the consumer engine tells them (quick discovery, docs/groups.md#discovery):
     * a member that starts hears of each live member's node after a network delay, and each of the two nodes
     * subscribes to the other's group heartbeats. The model assumes what quick discovery does: a beacon's round
     * trip through the tower, and a connection with its subscription, each take less than the quick discovery time
     * (subscriptions are never lost: TCP); the group's own messages keep the network's losses and delays.
     */
    boolean meshNotices;

    SimulatedGroup(final long seed, final GroupSettings settings)
    {
        this.random = new Random(seed);
        this.settings = settings;
    }

    long now()
    {
        return now;
    }

    /** Safety violations seen so far: an item owned by two live members, with the time. */
    List<String> violations()
    {
        return violations;
    }

    Member member(final String name)
    {
        return members.get(name);
    }

    Collection<Member> members()
    {
        return members.values();
    }

    /** Starts a member that subscribes to {@code items} and joins now. Static if {@code instance} is not empty. */
    Member start(final String name, final String instance, final Collection<String> items)
    {
        final Member member = new Member(name, name + "-" + ++incarnations, instance, new TreeSet<>(items));
        members.put(name, member);
        if (meshNotices)
        {
            member.machine.peerAppeared(now); // the tower's welcome: nothing else known yet
            for (final Member other : members.values())
            {
                if (other != member && other.alive)
                {
                    connect(member, other);
                }
            }
        }
        member.machine.join(member.protocols(), 0, now);
        member.drainEvents();
        return member;
    }

    /**
     * The nodes of a member that just started and of a live one find each other: the live one hears the new one's
     * beacon, connects and subscribes (and beacons at once); the new one hears that beacon, connects and subscribes.
     */
    private void connect(final Member joining, final Member live)
    {
        final long beaconHeard = now + meshDelay();
        final long beaconHeardBack = beaconHeard + meshDelay();
        later(beaconHeard + meshDelay(), joining, () -> subscribe(live, joining));
        later(beaconHeardBack, joining, () -> joining.machine.peerAppeared(now));
        later(beaconHeardBack + meshDelay(), live, () -> subscribe(joining, live));
    }

    /** {@code subscriber}'s node subscribes to the group's heartbeats on {@code publisher}'s, if it still lives. */
    private void subscribe(final Member subscriber, final Member publisher)
    {
        if (subscriber.alive)
        {
            publisher.subscribers.add(subscriber);
            publisher.machine.peerSubscribed(now);
        }
    }

    /** A hop of discovery: a beacon relayed, or a connection made and subscribed; at most half the quick discovery. */
    private long meshDelay()
    {
        return Math.min(delay(), settings.quickDiscovery() / 2);
    }

    private void later(final long at, final Member member, final Runnable action)
    {
        scheduled.add(new Scheduled(at, order++, () ->
        {
            if (member.alive && members.get(member.name) == member)
            {
                action.run();
                member.drainEvents();
            }
        }));
    }

    private long delay()
    {
        return minDelay + (long)random.nextInt((int)(maxDelay - minDelay + 1));
    }

    /** Kills a member's process: it stops at once and owns nothing any more. */
    void kill(final String name)
    {
        final Member member = members.get(name);
        member.alive = false;
        member.owned.clear();
        if (meshNotices)
        {
            for (final Member other : members.values())
            {
                // ZeroMQ reports an unsubscription only when the last subscriber goes
                if (other.alive && other.subscribers.remove(member) && other.subscribers.isEmpty())
                {
                    later(now + delay(), other, () -> other.machine.peerUnsubscribed(now));
                }
            }
        }
    }

    /** Kills a member and starts a new incarnation (new address) with the same name, instance and items. */
    Member restart(final String name)
    {
        final Member old = members.get(name);
        kill(name);
        return start(name, old.instance, old.items);
    }

    /** Runs the simulation for {@code millis}. */
    void run(final long millis)
    {
        final long end = now + millis;
        while (now < end)
        {
            now += STEP;
            while (!scheduled.isEmpty() && scheduled.peek().at() <= now)
            {
                scheduled.poll().action().run();
            }
            while (!network.isEmpty() && network.peek().at() <= now)
            {
                final InFlight frame = network.poll();
                if (frame.to().alive)
                {
                    final DafkaMessage message = decoder.decode(frame.frame());
                    if (message == null)
                    {
                        violations.add(now + ": frame dropped by the decoder: " + decoder.lastDropReason());
                        continue;
                    }
                    if (tracing && message instanceof io.dafka.codec.GroupHeartbeat heartbeat)
                    {
                        frame.to().note("heard " + heartbeat.address() + " #" + heartbeat.sequence() + " holds " +
                            heartbeat.generation() + "@" + heartbeat.leader() + (heartbeat.leaving() ? " leaving" : ""));
                    }
                    frame.to().machine.onMessage(message, now);
                    frame.to().drainEvents();
                }
            }
            for (final Member member : members.values())
            {
                if (member.alive)
                {
                    member.step();
                }
            }
            checkOwnership();
        }
    }

    /** Whether all live joined members hold one generation that assigns every item exactly once among them. */
    boolean converged()
    {
        GenerationId generation = null;
        final Set<String> identities = new TreeSet<>();
        final List<String> owned = new ArrayList<>();
        final Set<String> items = new TreeSet<>();
        for (final Member member : members.values())
        {
            if (!member.alive || !member.machine.joined())
            {
                continue;
            }
            if (generation == null)
            {
                generation = member.machine.held();
            }
            if (!member.machine.held().isSome() || !member.machine.held().equals(generation) ||
                !member.pending.isEmpty() || !member.events.isEmpty())
            {
                return false;
            }
            identities.add(member.machine.identity());
            owned.addAll(member.owned);
            items.addAll(member.items);
        }
        return generation != null && owned.size() == items.size() && new TreeSet<>(owned).equals(items) &&
            identities.equals(generationMembers());
    }

    /** The members of the generation the first live member was last assigned. */
    private Set<String> generationMembers()
    {
        for (final Member member : members.values())
        {
            if (member.alive && member.lastAssigned != null)
            {
                return member.lastAssigned.members();
            }
        }
        return Set.of();
    }

    /** Runs until {@link #converged()}, at most {@code millis}; returns whether it converged. */
    boolean runUntilConverged(final long millis)
    {
        final long end = now + millis;
        while (now < end)
        {
            run(STEP);
            if (converged())
            {
                return true;
            }
        }
        return false;
    }

    private void checkOwnership()
    {
        final Map<String, String> owners = new TreeMap<>();
        for (final Member member : members.values())
        {
            if (!member.alive)
            {
                continue;
            }
            for (final String item : member.owned)
            {
                final String other = owners.put(item, member.name);
                if (other != null)
                {
                    violations.add(now + ": " + item + " owned by " + other + " and " + member.name);
                }
            }
        }
    }

    private void send(final Member from, final DafkaMessage message)
    {
        final byte[] frame = message.encode();
        for (final Member to : members.values())
        {
            if (to == from || !to.alive || cut.cuts(from.name, to.name, frame) || random.nextDouble() < dropRate)
            {
                continue;
            }
            network.add(new InFlight(now + delay(), order++, to, frame));
        }
    }

    static byte[] encode(final Collection<String> items)
    {
        return String.join(",", items).getBytes(StandardCharsets.UTF_8);
    }

    static List<String> decode(final byte[] bytes)
    {
        final String text = new String(bytes, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    /** Round-robin over the sorted union of the items in the metadata, members in identity order. */
    static Map<String, byte[]> roundRobin(final Map<String, byte[]> metadata)
    {
        final Set<String> items = new TreeSet<>();
        metadata.values().forEach(bytes -> items.addAll(decode(bytes)));
        final List<String> members = new ArrayList<>(new TreeSet<>(metadata.keySet()));
        final Map<String, List<String>> shares = new LinkedHashMap<>();
        members.forEach(member -> shares.put(member, new ArrayList<>()));
        int next = 0;
        for (final String item : items)
        {
            shares.get(members.get(next++ % members.size())).add(item);
        }
        final Map<String, byte[]> assignment = new LinkedHashMap<>();
        shares.forEach((member, share) -> assignment.put(member, encode(share)));
        return assignment;
    }

    /** One simulated member: the state machine and a model of its application. */
    final class Member implements GroupOutput
    {
        final String name;
        final String instance;
        final Set<String> items;
        final GroupMember machine;
        final Set<String> owned = new TreeSet<>();
        final Set<String> pending = new TreeSet<>();
        final List<GroupEvent> events = new ArrayList<>();
        final List<GroupEvent> history = new ArrayList<>();
        /** Times at which this member's application confirmed each generation (applied). */
        final Map<GenerationId, Long> appliedAt = new LinkedHashMap<>();
        /** Times at which this member reported each generation settled. */
        final Map<GenerationId, Long> settledAt = new LinkedHashMap<>();
        boolean alive = true;
        boolean polling = true;
        /** The members whose nodes subscribe to the group's heartbeats on this member's node. */
        final Set<Member> subscribers = new HashSet<>();
        /** How long the application takes to revoke after an assignment (commit on revoke). */
        long revokeDelay;
        GroupEvent.Assigned lastAssigned;
        private GroupEvent.Assigned revoking;
        private long revokedAt;

        Member(final String name, final String address, final String instance, final Set<String> items)
        {
            this.name = name;
            this.instance = instance;
            this.items = items;
            this.machine = new GroupMember(GROUP, address, instance, settings, this);
        }

        List<Protocol> protocols()
        {
            return List.of(new Protocol(PROTOCOL, encode(items)));
        }

        GenerationId held()
        {
            return machine.held();
        }

        @Override
        public void publish(final DafkaMessage message)
        {
            send(this, message);
        }

        @Override
        public void event(final GroupEvent event)
        {
            history.add(event);
            note(event.toString());
            if (event instanceof GroupEvent.Lost)
            {
                owned.clear(); // the engine stops delivering at once; the application learns it on its next poll
                pending.clear();
                revoking = null;
            }
            else if (event instanceof GroupEvent.Settled settled)
            {
                // the engine starts what the generation newly gave at once; the application learns it on its next poll
                settledAt.put(settled.generation(), now);
                if (lastAssigned != null && lastAssigned.generation().equals(settled.generation()))
                {
                    owned.addAll(pending);
                    pending.clear();
                    note("started, owns " + owned + " view " + machine.view().members().values());
                }
            }
            events.add(event);
        }

        /** One step of the application: poll, handle events, finish a revocation, then let time pass. */
        void step()
        {
            if (polling)
            {
                if (!machine.joined())
                {
                    events.clear();
                    machine.join(protocols(), 0, now); // rejoin after leaving on a poll timeout
                }
                machine.poll(now);
                drainEvents();
                if (revoking != null && now >= revokedAt)
                {
                    final GroupEvent.Assigned assigned = revoking;
                    revoking = null;
                    final Set<String> mine = new HashSet<>(decode(assigned.assignment()));
                    owned.retainAll(mine);
                    pending.clear();
                    mine.stream().filter(item -> !owned.contains(item)).forEach(pending::add);
                    lastAssigned = assigned;
                    appliedAt.put(assigned.generation(), now);
                    note("applied " + assigned.generation() + " owns " + owned + " pending " + pending);
                    machine.applied(assigned.generation(), now);
                    drainEvents();
                }
            }
            machine.tick(now);
            if (polling)
            {
                drainEvents();
            }
        }

        private void note(final String what)
        {
            if (tracing)
            {
                trace.add(now + " " + name + " " + machine.identity() + ": " + what);
            }
        }

        void drainEvents()
        {
            while (polling && !events.isEmpty())
            {
                final GroupEvent event = events.remove(0);
                if (event instanceof GroupEvent.ComputeAssignment compute)
                {
                    machine.assignmentComputed(compute.generation(), roundRobin(compute.metadata()), now);
                }
                else if (event instanceof GroupEvent.Assigned assigned)
                {
                    revoking = assigned;
                    revokedAt = now + revokeDelay;
                }
                else if (event instanceof GroupEvent.Lost && machine.joined())
                {
                    lastAssigned = null;
                    machine.applied(GenerationId.NONE, now);
                }
            }
        }
    }
}
