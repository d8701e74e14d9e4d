package io.dafka.kafka.consumer.internals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.RebalanceProtocol;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;

import io.dafka.codec.GroupHeartbeat;
import io.dafka.consumer.ConsumerNode;
import io.dafka.consumer.OwnedPartition;
import io.dafka.consumer.PartitionHead;
import io.dafka.group.GenerationId;
import io.dafka.group.GroupEvent;
import io.dafka.group.GroupSettings;

/**
 * Kafka's consumer-group side of a Dafka consumer in split mode: what Kafka's consumer coordinator does, over the
 * engine's coordinator-free group membership (docs/groups.md). It joins with one protocol per configured
 * {@code partition.assignment.strategy} (metadata: Kafka's serialized subscription), runs Kafka's assignor when
 * the engine asks this member to lead, and turns the engine's events into the rebalance listener's callbacks
 * inside {@code poll}: revoked (eager: everything; cooperative: what moves) before confirming a generation,
 * assigned once it settled (each new partition starting at its committed offset), lost. User thread only.
 */
public final class GroupCoordinator
{
    /**
     * {@code heartbeat.interval.ms} when the application does not set it. Kafka's 3 s suits a coordinator that
     * answers at once; here a new member listens three heartbeat intervals before it can lead or start a
     * partition, so 500 ms keeps the first assignment near Kafka's initial rebalance delay (3 s).
     */
    static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 500;

    /** How a consumer takes part in a split group: Kafka's assignors, static member id and timings. */
    public record Membership(List<ConsumerPartitionAssignor> assignors, Optional<String> instanceId,
        GroupSettings timings)
    {
        /**
         * From {@code partition.assignment.strategy} (instantiated as KafkaConsumer does), {@code group.instance.id},
         * {@code session.timeout.ms}, {@code heartbeat.interval.ms} and {@code max.poll.interval.ms}.
         *
         * @throws ConfigException naming {@code heartbeat.interval.ms} if it is not below the session timeout
         */
        public static Membership of(final ConsumerConfig kafka, final String clientId)
        {
            final List<ConsumerPartitionAssignor> assignors = ConsumerPartitionAssignor.getAssignorInstances(
                kafka.getList(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG),
                kafka.originals(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId)));
            final int session = kafka.getInt(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
            final int heartbeat = kafka.originals().containsKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)
                ? kafka.getInt(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)
                : Math.min(DEFAULT_HEARTBEAT_INTERVAL_MS, session / 3);
            try
            {
                return new Membership(assignors,
                    Optional.ofNullable(kafka.getString(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)),
                    GroupSettings.of(session, heartbeat, kafka.getInt(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)));
            }
            catch (final IllegalArgumentException e)
            {
                throw new ConfigException(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, heartbeat, e.getMessage());
            }
        }
    }

    private final ConsumerNode node;
    private final SubscriptionState subscriptions;
    private final PartitionDirectory directory;
    private final PartitionPositions positions;
    private final OffsetStore offsetStore;
    private final List<ConsumerPartitionAssignor> assignors;
    private final RebalanceProtocol protocol;
    private final String groupId;
    private final Optional<String> instanceId;
    /** Runs before the listener hears of partitions revoked by a rebalance (the automatic commit). */
    private final Runnable beforeRevocation;
    /** What the current generation gave this member (owned once it settled, or retained). */
    private final Set<TopicPartition> target = new LinkedHashSet<>();
    /** The partitions of the subscribed topics this member has seen: a new one makes the leader assign again. */
    private final Set<TopicPartition> known = new HashSet<>();
    private GenerationId generation = GenerationId.NONE;
    private List<String> joinedTopics;
    private boolean joined;
    /** The generation in which the stores refused a commit of this member, or null. */
    private GenerationId fencedIn;
    /** Whether {@link #generation} settled: its partitions seen only later start at once. */
    private boolean settled;
    /** The current generation's assignment and the assignor that made it, told of it once it settled. */
    private Assignment settling;
    private ConsumerPartitionAssignor assignedBy;

    GroupCoordinator(final ConsumerNode node, final SubscriptionState subscriptions, final PartitionDirectory directory,
        final PartitionPositions positions, final OffsetStore offsetStore, final String groupId,
        final Membership membership, final Runnable beforeRevocation)
    {
        final List<ConsumerPartitionAssignor> assignors = membership.assignors();
        if (assignors.isEmpty())
        {
            throw new ConfigException(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(),
                "a split consumer group needs at least one assignor");
        }
        this.node = node;
        this.subscriptions = subscriptions;
        this.directory = directory;
        this.positions = positions;
        this.offsetStore = offsetStore;
        this.assignors = List.copyOf(assignors);
        this.protocol = commonProtocol(assignors);
        this.groupId = groupId;
        this.instanceId = membership.instanceId();
        this.beforeRevocation = beforeRevocation;
    }

    /** Kafka's rule: cooperative only if every assignor supports it. */
    private static RebalanceProtocol commonProtocol(final List<ConsumerPartitionAssignor> assignors)
    {
        for (final ConsumerPartitionAssignor assignor : assignors)
        {
            if (!assignor.supportedProtocols().contains(RebalanceProtocol.COOPERATIVE))
            {
                return RebalanceProtocol.EAGER;
            }
        }
        return RebalanceProtocol.COOPERATIVE;
    }

    /** The subscription (re)set: join the group with it, or tell the group it changed. */
    void join()
    {
        final List<String> topics = new ArrayList<>(subscriptions.topics());
        if (joined && topics.equals(joinedTopics))
        {
            return;
        }
        rejoin(topics);
    }

    private void rejoin(final List<String> topics)
    {
        joinedTopics = topics;
        final List<TopicPartition> owned = protocol == RebalanceProtocol.COOPERATIVE ? new ArrayList<>(target)
            : List.of();
        final int ownedGeneration = protocol == RebalanceProtocol.COOPERATIVE && generation.isSome()
            ? (int)generation.number() : -1;
        final List<GroupHeartbeat.Protocol> protocols = new ArrayList<>();
        for (final ConsumerPartitionAssignor assignor : assignors)
        {
            final Subscription subscription = new Subscription(topics,
                assignor.subscriptionUserData(new HashSet<>(topics)), owned, ownedGeneration, Optional.empty());
            protocols.add(new GroupHeartbeat.Protocol(assignor.name(),
                Utils.toArray(ConsumerProtocol.serializeSubscription(subscription))));
        }
        node.joinGroup(protocols, offsetStore.highestGeneration());
        joined = true;
    }

    /** Leaves the group (unsubscribe, close): the partitions were revoked already. */
    void leave()
    {
        if (joined)
        {
            joined = false;
            target.clear();
            known.clear();
            generation = GenerationId.NONE;
            settled = false;
            fencedIn = null;
            node.leaveGroup();
        }
    }

    /**
     * At close: leaves the group unless told to remain, or, by default, if this member is static (as in Kafka: it
     * keeps its partitions if it restarts within the session timeout); else the others notice after it.
     */
    void close(final CloseOptions.GroupMembershipOperation membership)
    {
        final boolean leaving = membership == CloseOptions.GroupMembershipOperation.LEAVE_GROUP ||
            membership == CloseOptions.GroupMembershipOperation.DEFAULT && instanceId.isEmpty();
        if (leaving)
        {
            leave();
        }
    }

    /**
     * Inside poll: keeps the membership alive, joins again if a pattern subscription gained a topic, handles what the
     * group said since, and tells the group of new partitions.
     */
    void poll()
    {
        if (!joined)
        {
            return;
        }
        node.groupPolled();
        if (generation.equals(fencedIn))
        {
            onLost(true); // as Kafka after a commit refused for its generation: lose everything, join again
        }
        subscriptions.refresh(); // a pattern subscription follows the topics that appeared
        join();
        for (GroupEvent event = node.nextGroupEvent(); event != null; event = node.nextGroupEvent())
        {
            if (event instanceof GroupEvent.ComputeAssignment compute)
            {
                computeAssignment(compute);
            }
            else if (event instanceof GroupEvent.Assigned assigned)
            {
                onAssigned(assigned);
            }
            else if (event instanceof GroupEvent.Settled settled && settled.generation().equals(generation))
            {
                onSettled();
            }
            else if (event instanceof GroupEvent.Lost)
            {
                onLost(false);
            }
        }
        watchPartitions();
    }

    /**
     * As a metadata change in Kafka, a partition of a subscribed topic seen for the first time (a new producer) makes
     * the leader assign again. A partition whose producer is gone stays assigned: it does not leave the topic (Kafka
     * never shrinks one), and its records are in the stores. A partition the settled generation gave this member
     * before it had seen it starts now.
     */
    private void watchPartitions()
    {
        final Set<TopicPartition> seen = new HashSet<>();
        joinedTopics.forEach(topic -> directory.partitionsFor(topic)
            .forEach(info -> seen.add(new TopicPartition(topic, info.partition()))));
        if (known.addAll(seen))
        {
            node.groupPartitionsChanged();
        }
        if (settled && target.stream().anyMatch(partition -> directory.address(partition) != null &&
            !subscriptions.assignedPartitions().contains(partition)))
        {
            node.groupApplied(generation, ownedPartitions());
            onSettled();
        }
    }

    /**
     * Before a commit of {@code partitions}: as Kafka, a member that lost its membership cannot commit; and, as no
     * coordinator fences a former owner here, neither can a member commit a partition it does not own.
     */
    void requireOwned(final Collection<TopicPartition> partitions)
    {
        requireMembership();
        if (!joined)
        {
            return; // assign(): no group management, as in Kafka
        }
        for (final TopicPartition partition : partitions)
        {
            if (!subscriptions.assignedPartitions().contains(partition))
            {
                throw new CommitFailedException("cannot commit " + partition + ": the group assigned it to " +
                    "another member, or not to this one (generation " + generation + ")");
            }
        }
    }

    /**
     * The stores refused a commit of this member: another member, of a newer generation or of a rival one with
     * the same number (two leaders for a moment), owns one of its partitions. Until its next poll its commits fail;
     * that poll loses its partitions and joins again above the fencing generation ({@link
     * OffsetStore#highestGeneration}), so that the group settles on one generation newer than both. A refusal of
     * a commit made under a generation this member has left since (the automatic commit before a rebalance) does
     * not concern the new one.
     */
    void fenced()
    {
        fencedIn = joined ? generation : null;
    }

    /**
     * Before a commit: as Kafka, a member that lost its membership (it stopped polling past
     * {@code max.poll.interval.ms}, the group went on without it, or the stores fenced its commit) cannot commit
     * until it polled again.
     */
    private void requireMembership()
    {
        if (joined && generation.equals(fencedIn))
        {
            throw new CommitFailedException("the stores refused a commit of this member: another member owns some " +
                "of its partitions in a newer generation; its next poll loses its partitions and joins again");
        }
        if (joined && node.groupMembershipLost())
        {
            throw new CommitFailedException("this member is no longer in its consumer group (it did not poll within " +
                "max.poll.interval.ms, or the others did not hear it within session.timeout.ms): its partitions may " +
                "belong to another member now; its next poll joins the group again");
        }
    }

    /** Kafka's group metadata: the generation this member holds and its member id. */
    ConsumerGroupMetadata metadata()
    {
        final String memberId = instanceId.orElse(node.address());
        return new ConsumerGroupMetadata(groupId, generation.isSome() ? (int)generation.number() : -1,
            joined ? memberId : "", instanceId);
    }

    /**
     * Runs the assignor. Kafka's assignors number a topic's partitions 0..n-1, Dafka's numbers are sparse (derived
     * from producer addresses): the assignor sees dense numbers ({@link DenseNumbers}), members the real ones.
     */
    private void computeAssignment(final GroupEvent.ComputeAssignment compute)
    {
        final ConsumerPartitionAssignor assignor = findAssignor(compute.protocol());
        final Map<String, Subscription> members = new LinkedHashMap<>();
        final Set<String> topics = new LinkedHashSet<>();
        compute.metadata().forEach((member, bytes) ->
        {
            final Subscription subscription = ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(bytes));
            members.put(member, subscription);
            topics.addAll(subscription.topics());
        });
        final DenseNumbers numbers = new DenseNumbers();
        topics.forEach(topic -> numbers.add(directory.partitionsFor(topic)));
        final Map<String, Subscription> dense = new LinkedHashMap<>();
        members.forEach((member, subscription) -> dense.put(member, numbers.toDense(subscription)));
        final Map<String, Assignment> result = assignor.assign(numbers.cluster(), new GroupSubscription(dense))
            .groupAssignment();
        final Map<String, byte[]> encoded = new HashMap<>();
        for (final String member : members.keySet())
        {
            final Assignment assignment = numbers.toReal(result.getOrDefault(member, new Assignment(List.of())));
            encoded.put(member, Utils.toArray(ConsumerProtocol.serializeAssignment(assignment)));
        }
        node.assignmentComputed(compute.generation(), encoded);
    }

    private void onAssigned(final GroupEvent.Assigned assigned)
    {
        final Assignment assignment = ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(assigned.assignment()));
        final Set<TopicPartition> next = new LinkedHashSet<>(assignment.partitions());
        final Set<TopicPartition> owned = new LinkedHashSet<>(subscriptions.assignedPartitions());
        final Set<TopicPartition> moved = new LinkedHashSet<>(owned);
        moved.removeAll(next);
        final Set<TopicPartition> revoked = protocol == RebalanceProtocol.COOPERATIVE ? moved : owned;
        if (!revoked.isEmpty())
        {
            beforeRevocation.run(); // still under the generation that owned them
            listener().onPartitionsRevoked(revoked); // as Kafka: never with nothing to revoke
        }
        // Eager: the listener heard everything revoked, as in Kafka, but a partition given back to this member keeps
        // its position (it had no other owner meanwhile) rather than going back to its last commit.
        subscriptions.removeOwned(moved);
        generation = assigned.generation();
        settled = false;
        target.clear();
        target.addAll(next);
        assignedBy = findAssignor(assigned.protocol());
        settling = assignment;
        node.groupApplied(generation, ownedPartitions());
        if (protocol == RebalanceProtocol.COOPERATIVE && !revoked.isEmpty())
        {
            rejoin(joinedTopics); // as Kafka: what this member gave up is assigned in the next generation
        }
    }

    /**
     * The generation settled, or a partition it gave this member was seen only now: the new partitions start at
     * their committed offsets and the listener hears of them (a late one alone).
     */
    private void onSettled()
    {
        final boolean late = settled;
        settled = true;
        offsetStore.refresh(); // what the previous owners committed, wherever they ran
        final List<TopicPartition> added = new ArrayList<>();
        for (final TopicPartition partition : target)
        {
            final String address = directory.address(partition);
            if (address != null && !subscriptions.assignedPartitions().contains(partition))
            {
                subscriptions.addOwned(partition, address);
                // From the committed offset, or where the engine started it: a record polled before this ran was
                // dropped, as its partition was not assigned yet.
                final OffsetAndMetadata committed = offsetStore.get(partition.topic(), address);
                final PartitionHead head = directory.head(partition.topic(), address);
                if (committed != null)
                {
                    positions.seek(partition, committed.offset());
                }
                else if (head != null && head.start() >= 0)
                {
                    final AssignedPartition state = subscriptions.assigned(partition);
                    final long skipBefore = state.skipBefore;
                    positions.seek(partition, head.start());
                    state.skipBefore = skipBefore; // auto.offset.reset=by_duration still skips from there
                }
                added.add(partition);
            }
            else if (address != null && !late)
            {
                catchUp(partition, address);
            }
        }
        if (!late)
        {
            // As Kafka: the assignor hears of the assignment once its partitions are assigned (Streams pauses them).
            assignedBy.onAssignment(settling, metadata());
        }
        if (protocol == RebalanceProtocol.EAGER && !late)
        {
            listener().onPartitionsAssigned(new ArrayList<>(subscriptions.assignedPartitions()));
        }
        else
        {
            listener().onPartitionsAssigned(added);
        }
    }

    /**
     * A partition this member kept from its previous generation keeps its position, unless the group committed it
     * beyond that position meanwhile: another member owned it in a generation this one never heard of (the two
     * were cut off from each other for longer than the session timeout and each went on alone), and what that
     * member committed is not processed again. The position moves up to the commit, where Kafka's eager protocol
     * would restart the partition anyway.
     */
    private void catchUp(final TopicPartition partition, final String address)
    {
        final OffsetAndMetadata committed = offsetStore.get(partition.topic(), address);
        final AssignedPartition state = subscriptions.assigned(partition);
        if (committed != null && state.position >= 0 && committed.offset() > state.position)
        {
            positions.seek(partition, committed.offset());
        }
    }

    /**
     * The member lost its partitions: the listener hears it, and the member joins again. After a poll timeout it has
     * left the group already; after a refused commit ({@code afresh}) it leaves and joins anew, so that it listens
     * for the discovery time again before it may lead: a member that has just come back from a network partition
     * learns who else is live before it assigns, rather than settling a generation of its own at once.
     */
    private void onLost(final boolean afresh)
    {
        fencedIn = null;
        final Set<TopicPartition> lost = new LinkedHashSet<>(subscriptions.assignedPartitions());
        if (!lost.isEmpty())
        {
            listener().onPartitionsLost(lost);
        }
        subscriptions.removeOwned(lost);
        target.clear();
        generation = GenerationId.NONE;
        settled = false;
        node.groupApplied(GenerationId.NONE, Set.of());
        if (afresh)
        {
            node.leaveGroup();
        }
        rejoin(joinedTopics);
    }

    /** The target partitions whose addresses are known, for the engine. */
    private Set<OwnedPartition> ownedPartitions()
    {
        final Set<OwnedPartition> owned = new HashSet<>();
        for (final TopicPartition partition : target)
        {
            final String address = directory.address(partition);
            if (address != null)
            {
                owned.add(new OwnedPartition(partition.topic(), address));
            }
        }
        return owned;
    }

    private ConsumerPartitionAssignor findAssignor(final String name)
    {
        return assignors.stream().filter(candidate -> candidate.name().equals(name)).findFirst()
            .orElseThrow(() -> new KafkaException("no assignor named " + name));
    }

    private ConsumerRebalanceListener listener()
    {
        return subscriptions.listener();
    }
}
