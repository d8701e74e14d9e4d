package io.dafka.kafka.admin.internals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsResult;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListConsumerGroupsResult;
import org.apache.kafka.clients.admin.ListGroupsResult;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.internals.CoordinatorKey;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.common.protocol.Errors;

import io.dafka.kafka.consumer.internals.OffsetStore;

/**
 * The Admin's consumer-group operations. Groups and their members are learnt by listening
 * ({@link ObservedGroups}); a group's committed offsets are read and written through the consumer's
 * {@link OffsetStore}, opened for the call where the group's consumers keep them and read afresh. As in Kafka,
 * offsets are altered only while the group has no live member, and deleted only for topics no live member
 * subscribes to.
 */
public final class GroupQueries
{
    /** Kafka's protocol type of consumer groups. */
    private static final String CONSUMER_PROTOCOL = "consumer";

    private final AdminNode node;
    private final AdminCalls calls;
    private final Function<String, OffsetStore> offsets;
    private final ToIntFunction<String> idOf;

    /** @param offsets opens the committed offsets of a group, as the consumer does */
    public GroupQueries(final AdminNode node, final AdminCalls calls, final Function<String, OffsetStore> offsets,
        final ToIntFunction<String> idOf)
    {
        this.node = node;
        this.calls = calls;
        this.offsets = offsets;
        this.idOf = idOf;
    }

    /** Every group heard of, with its state, filtered by state as asked. */
    public ListConsumerGroupsResult listConsumerGroups(final Set<GroupState> states)
    {
        return ResultFactory.create(ListConsumerGroupsResult.class, listings(states, (id, state) ->
            new ConsumerGroupListing(id, Optional.of(state), Optional.of(GroupType.CLASSIC), false)));
    }

    /** As {@link #listConsumerGroups}, in the form of {@code listGroups}: every Dafka group is a consumer group. */
    public ListGroupsResult listGroups(final Set<GroupState> states)
    {
        return ResultFactory.create(ListGroupsResult.class, listings(states, (id, state) ->
            new GroupListing(id, Optional.of(GroupType.CLASSIC), CONSUMER_PROTOCOL, Optional.of(state))));
    }

    /** The listing of every group heard of whose state is in {@code states} (all if empty). */
    private KafkaFutureImpl<Collection<Object>> listings(final Set<GroupState> states,
        final BiFunction<String, GroupState, Object> listing)
    {
        final KafkaFutureImpl<Collection<Object>> listings = new KafkaFutureImpl<>();
        calls.run(() ->
        {
            final List<Object> found = new ArrayList<>();
            node.groups().values().forEach(group ->
            {
                final GroupState state = GroupStates.of(group);
                if (states.isEmpty() || states.contains(state))
                {
                    found.add(listing.apply(group.id(), state));
                }
            });
            listings.complete(found);
        }, List.of(listings));
        return listings;
    }

    /**
     * Each group's live members and their assignments in the best generation heard; a group never heard of is
     * {@link GroupState#DEAD} with no members, as Kafka describes an unknown classic group.
     */
    public DescribeConsumerGroupsResult describeConsumerGroups(final Collection<String> groupIds)
    {
        final Map<String, KafkaFutureImpl<ConsumerGroupDescription>> futures = new LinkedHashMap<>();
        groupIds.forEach(id -> futures.put(id, new KafkaFutureImpl<>()));
        calls.run(() ->
        {
            for (final Map.Entry<String, KafkaFutureImpl<ConsumerGroupDescription>> entry : futures.entrySet())
            {
                entry.getValue().complete(describe(entry.getKey(), node.group(entry.getKey())));
            }
        }, futures.values());
        return new DescribeConsumerGroupsResult(new LinkedHashMap<>(futures));
    }

    private static ConsumerGroupDescription describe(final String id, final ObservedGroups.Group group)
    {
        if (group == null)
        {
            return new ConsumerGroupDescription(id, false, List.of(), "", GroupType.CLASSIC, GroupState.DEAD,
                Node.noNode(), null, Optional.empty(), Optional.empty());
        }
        final ObservedGroups.Assignment assignment = group.assignment();
        final List<MemberDescription> members = new ArrayList<>();
        for (final ObservedGroups.Member member : group.live())
        {
            final byte[] bytes = assignment == null ? null : assignment.members().get(member.identity());
            final Set<TopicPartition> assigned = bytes == null ? Set.of() :
                new HashSet<>(ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(bytes)).partitions());
            members.add(new MemberDescription(member.identity(),
                member.instance().isEmpty() ? Optional.empty() : Optional.of(member.instance()), "",
                member.address(), new MemberAssignment(assigned)));
        }
        final GroupState state = GroupStates.of(group);
        return new ConsumerGroupDescription(id, false, members, assignment == null ? "" : assignment.protocol(),
            GroupType.CLASSIC, state, Node.noNode(), null,
            assignment == null ? Optional.empty() : Optional.of((int)assignment.generation()), Optional.empty());
    }

    /** Committed offsets per group: of the partitions asked for, or of every partition heard of. */
    public ListConsumerGroupOffsetsResult listConsumerGroupOffsets(
        final Map<String, ListConsumerGroupOffsetsSpec> specs)
    {
        final Map<CoordinatorKey, KafkaFutureImpl<Map<TopicPartition, OffsetAndMetadata>>> futures =
            new LinkedHashMap<>();
        specs.keySet().forEach(group -> futures.put(CoordinatorKey.byGroupId(group), new KafkaFutureImpl<>()));
        calls.run(() ->
        {
            final PartitionAddresses addresses = new PartitionAddresses(node.topics(), idOf);
            for (final Map.Entry<String, ListConsumerGroupOffsetsSpec> spec : specs.entrySet())
            {
                final Collection<TopicPartition> asked = spec.getValue().topicPartitions();
                final Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
                try (OffsetStore store = offsets.apply(spec.getKey()))
                {
                    for (final TopicPartition partition : asked == null ? addresses.all() : asked)
                    {
                        final String address = addresses.address(partition);
                        final OffsetAndMetadata offset = address == null ? null :
                            store.get(partition.topic(), address);
                        if (offset != null)
                        {
                            committed.put(partition, offset);
                        }
                    }
                }
                futures.get(CoordinatorKey.byGroupId(spec.getKey())).complete(committed);
            }
        }, futures.values());
        return ResultFactory.create(ListConsumerGroupOffsetsResult.class, new LinkedHashMap<>(futures));
    }

    /**
     * Commits {@code offsets} for {@code groupId}; a partition never heard of fails with
     * UNKNOWN_TOPIC_OR_PARTITION, and every partition fails with UNKNOWN_MEMBER_ID while the group has live members
     * (Kafka's answer to an admin commit into an active classic group).
     */
    public AlterConsumerGroupOffsetsResult alterConsumerGroupOffsets(final String groupId,
        final Map<TopicPartition, OffsetAndMetadata> offsetsToCommit)
    {
        final KafkaFutureImpl<Map<TopicPartition, Errors>> errors = new KafkaFutureImpl<>();
        calls.run(() ->
        {
            final Map<TopicPartition, Errors> result = new HashMap<>();
            final ObservedGroups.Group group = node.group(groupId);
            if (group != null && !group.live().isEmpty())
            {
                offsetsToCommit.keySet().forEach(partition -> result.put(partition, Errors.UNKNOWN_MEMBER_ID));
                errors.complete(result);
                return;
            }
            final PartitionAddresses addresses = new PartitionAddresses(node.topics(), idOf);
            final Map<OffsetStore.Address, OffsetAndMetadata> commit = new HashMap<>();
            offsetsToCommit.forEach((partition, offset) ->
            {
                final String address = addresses.address(partition);
                if (address == null)
                {
                    result.put(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                }
                else
                {
                    commit.put(new OffsetStore.Address(partition.topic(), address), offset);
                    result.put(partition, Errors.NONE);
                }
            });
            if (!commit.isEmpty())
            {
                try (OffsetStore store = offsets.apply(groupId))
                {
                    store.commit(commit, asAdmin(groupId, store));
                }
            }
            errors.complete(result);
        }, List.of(errors));
        return ResultFactory.create(AlterConsumerGroupOffsetsResult.class, errors);
    }

    /**
     * The Admin commits under the group's highest generation, with no member id: a copy of an older commit that a
     * store kept while it missed this one never wins over it (a read prefers the higher generation), and the
     * group's next generation is numbered above it.
     */
    private static ConsumerGroupMetadata asAdmin(final String groupId, final OffsetStore store)
    {
        final long highest = store.highestGeneration();
        return new ConsumerGroupMetadata(groupId, highest > 0 ? (int)highest : -1, "", Optional.empty());
    }

    /**
     * Deletes the committed offsets of {@code partitions}, except, as in Kafka, of the topics a live member
     * subscribes to (GROUP_SUBSCRIBED_TO_TOPIC); a partition never heard of fails with UNKNOWN_TOPIC_OR_PARTITION.
     */
    public DeleteConsumerGroupOffsetsResult deleteConsumerGroupOffsets(final String groupId,
        final Set<TopicPartition> partitions)
    {
        final KafkaFutureImpl<Map<TopicPartition, Errors>> errors = new KafkaFutureImpl<>();
        calls.run(() ->
        {
            final ObservedGroups.Group group = node.group(groupId);
            final Set<String> subscribed = group == null ? Set.of() : GroupStates.subscribedTopics(group);
            final PartitionAddresses addresses = new PartitionAddresses(node.topics(), idOf);
            final Map<TopicPartition, Errors> result = new HashMap<>();
            final Set<OffsetStore.Address> deleted = new HashSet<>();
            partitions.forEach(partition ->
            {
                final String address = addresses.address(partition);
                if (subscribed.contains(partition.topic()))
                {
                    result.put(partition, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                }
                else if (address == null)
                {
                    result.put(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                }
                else
                {
                    deleted.add(new OffsetStore.Address(partition.topic(), address));
                    result.put(partition, Errors.NONE);
                }
            });
            if (!deleted.isEmpty())
            {
                try (OffsetStore store = offsets.apply(groupId))
                {
                    store.delete(deleted, asAdmin(groupId, store));
                }
            }
            errors.complete(result);
        }, List.of(errors));
        return ResultFactory.create(DeleteConsumerGroupOffsetsResult.class, errors, Set.copyOf(partitions));
    }
}
