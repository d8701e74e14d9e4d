package io.dafka.examples;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import io.dafka.kafka.KafkaClientFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./dafka groups}: Kafka's {@code kafka-consumer-groups} on Kafka's {@link Admin} (Dafka's or Kafka's, by
 * transport): list the groups, describe one (members, assignment, committed and end offsets, lag), and reset a
 * group's committed offsets on a topic (a dry run prints the plan; {@code --execute} applies it to an empty group).
 */
@Command(name = "groups", mixinStandardHelpOptions = true,
    description = "List and describe consumer groups, reset or delete their offsets, as kafka-consumer-groups does.")
final class GroupsCommand implements Callable<Integer>
{
    /** What to do: exactly one. */
    static final class Action
    {
        @Option(names = "--list", required = true, description = "list the consumer groups")
        boolean list;

        @Option(names = "--describe", required = true, description = "describe --group: members, offsets, lag")
        boolean describe;

        @Option(names = "--reset-offsets", required = true,
            description = "reset the committed offsets of --group on --topic (dry run unless --execute)")
        boolean reset;

        @Option(names = "--delete-offsets", required = true,
            description = "delete the committed offsets of --group on --topic (no member may subscribe to it)")
        boolean delete;
    }

    /** Where to reset to: exactly one. */
    static final class Target
    {
        @Option(names = "--to-earliest", required = true, description = "the first offset held")
        boolean earliest;

        @Option(names = "--to-latest", required = true, description = "the end offset")
        boolean latest;

        @Option(names = "--to-offset", required = true, description = "this offset (within earliest..latest)")
        Long offset;

        @Option(names = "--to-datetime", required = true,
            description = "the first offset at or after this time: YYYY-MM-DDTHH:mm:SS[.sss][offset], local time " +
                "without an offset")
        String datetime;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @ArgGroup(exclusive = true)
    Target target;

    @Option(names = "--group", description = "the group")
    String group;

    @Option(names = "--topic", description = "the topic whose offsets --reset-offsets or --delete-offsets changes")
    String topic;

    @Option(names = "--execute", description = "apply the reset (the group must have no live member)")
    boolean execute;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Override
    public Integer call() throws Exception
    {
        if ((action.describe || action.reset || action.delete) && group == null)
        {
            System.err.println("groups: --describe, --reset-offsets and --delete-offsets need --group");
            return 2;
        }
        if (action.delete && topic == null)
        {
            System.err.println("groups: --delete-offsets needs --topic");
            return 2;
        }
        if (action.reset && (topic == null || target == null))
        {
            System.err.println("groups: --reset-offsets needs --topic and one of --to-earliest, --to-latest, " +
                "--to-offset, --to-datetime");
            return 2;
        }
        try (Admin admin = KafkaClientFactory.admin(client.settings()))
        {
            if (action.list)
            {
                for (final ConsumerGroupListing listing : admin.listConsumerGroups().all().get())
                {
                    System.out.println(listing.groupId());
                }
                return 0;
            }
            return action.describe ? describe(admin) : action.reset ? reset(admin) : delete(admin);
        }
        catch (final ExecutionException e)
        {
            System.err.println("groups: " + e.getCause().getMessage());
            return 1;
        }
    }

    private int describe(final Admin admin) throws Exception
    {
        final ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
            .get(group);
        Map<TopicPartition, OffsetAndMetadata> committed;
        try
        {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
        catch (final ExecutionException e)
        {
            System.err.println("groups: the committed offsets cannot be read: " + e.getCause().getMessage());
            committed = Map.of();
        }
        final Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        description.members().forEach(member -> member.assignment().topicPartitions().forEach(partition ->
            owners.put(partition, member)));
        final Map<TopicPartition, Long> ends = offsets(admin, union(committed.keySet(), owners.keySet()),
            OffsetSpec.latest());
        if (description.members().isEmpty())
        {
            System.out.printf("Consumer group '%s' has no active members.%n%n", group);
        }
        final TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET",
            "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID");
        for (final TopicPartition partition : sorted(ends.keySet()))
        {
            final OffsetAndMetadata offset = committed.get(partition);
            final long end = ends.get(partition);
            final MemberDescription owner = owners.get(partition);
            table.row(group, partition.topic(), partition.partition(), offset == null ? null : offset.offset(), end,
                offset == null ? null : Math.max(0, end - offset.offset()), owner == null ? null : owner.consumerId(),
                owner == null ? null : owner.host(), owner == null || owner.clientId().isEmpty() ? null :
                    owner.clientId());
        }
        table.print(System.out);
        System.out.printf("%nstate %s, assignor %s, %d member(s)%n", description.groupState(),
            description.partitionAssignor().isEmpty() ? "-" : description.partitionAssignor(),
            description.members().size());
        return 0;
    }

    private int reset(final Admin admin) throws Exception
    {
        final List<TopicPartition> partitions = partitions(admin);
        final Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
        final Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
        final Map<TopicPartition, Long> planned = new TreeMap<>(GroupsCommand::compare);
        if (target.datetime != null)
        {
            final Map<TopicPartition, Long> found = offsets(admin, partitions,
                OffsetSpec.forTimestamp(parseTime(target.datetime)));
            found.forEach((partition, offset) -> planned.put(partition, offset < 0 ? latest.get(partition) : offset));
        }
        else
        {
            for (final TopicPartition partition : partitions)
            {
                final long to = target.earliest ? earliest.get(partition) : target.latest ? latest.get(partition) :
                    Math.max(earliest.get(partition), Math.min(latest.get(partition), target.offset));
                planned.put(partition, to);
            }
        }
        final TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
        planned.forEach((partition, offset) -> table.row(group, partition.topic(), partition.partition(), offset));
        table.print(System.out);
        if (!execute)
        {
            System.out.println("\n(dry run: add --execute to apply)");
            return 0;
        }
        final GroupState state = admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState();
        if (state != GroupState.EMPTY && state != GroupState.DEAD)
        {
            System.err.printf("groups: assignments can only be reset if the group '%s' is inactive, but the " +
                "current state is %s.%n", group, state);
            return 1;
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        planned.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, offsets).all().get();
        System.out.println("\noffsets reset");
        return 0;
    }

    /** As kafka-consumer-groups: one line per partition of the topic, with its outcome; 1 if any failed. */
    private int delete(final Admin admin) throws Exception
    {
        final List<TopicPartition> partitions = partitions(admin);
        final DeleteConsumerGroupOffsetsResult result = admin.deleteConsumerGroupOffsets(group,
            new HashSet<>(partitions));
        final TextTable table = new TextTable("TOPIC", "PARTITION", "STATUS");
        int status = 0;
        for (final TopicPartition partition : partitions)
        {
            String outcome = "Successful";
            try
            {
                result.partitionResult(partition).get();
            }
            catch (final ExecutionException e)
            {
                outcome = "Error: " + e.getCause().getMessage();
                status = 1;
            }
            table.row(partition.topic(), partition.partition(), outcome);
        }
        table.print(System.out);
        return status;
    }

    /** The partitions of {@link #topic}, in number order. */
    private List<TopicPartition> partitions(final Admin admin) throws Exception
    {
        final TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final TopicPartitionInfo info : described.partitions())
        {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        partitions.sort(GroupsCommand::compare);
        return partitions;
    }

    private static Map<TopicPartition, Long> offsets(final Admin admin, final Collection<TopicPartition> partitions,
        final OffsetSpec spec) throws Exception
    {
        final Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(partition -> specs.put(partition, spec));
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Milliseconds since the epoch of an ISO-8601 date and time, with its offset or in the local zone. */
    static long parseTime(final String text)
    {
        try
        {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException withoutOffset)
        {
            final Instant local = LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
            return local.toEpochMilli();
        }
    }

    private static List<TopicPartition> union(final Collection<TopicPartition> a, final Collection<TopicPartition> b)
    {
        final List<TopicPartition> all = new ArrayList<>(a);
        b.stream().filter(partition -> !a.contains(partition)).forEach(all::add);
        return all;
    }

    private static List<TopicPartition> sorted(final Collection<TopicPartition> partitions)
    {
        final List<TopicPartition> sorted = new ArrayList<>(partitions);
        sorted.sort(GroupsCommand::compare);
        return sorted;
    }

    private static int compare(final TopicPartition a, final TopicPartition b)
    {
        final int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
