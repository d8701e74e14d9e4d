package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.codec.GroupHeartbeat;
import io.dafka.group.GenerationId;
import io.dafka.group.GroupEvent;
import io.dafka.group.GroupSettings;
import io.dafka.producer.ProducerNode;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;

/**
 * Real consumer nodes in one group on a loopback tower, with a trivial round-robin assignor over the partitions of
 * one topic (the application's part, played by {@link Member}): they converge, split the partitions, deliver only
 * what they own, and a member that leaves hands its partitions to the others.
 */
@Timeout(180)
class ConsumerGroupTest extends WithLoopbackTower
{
    private static final String TOPIC = "orders";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final GroupSettings SETTINGS = GroupSettings.of(5_000, 200, 120_000);
    private static final List<GroupHeartbeat.Protocol> PROTOCOLS =
        List.of(new GroupHeartbeat.Protocol("round-robin", new byte[0]));

    private final List<ProducerNode> producers = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();

    @AfterEach
    void closeNodes()
    {
        members.forEach(member -> member.node.close());
        producers.forEach(ProducerNode::close);
    }

    @Test
    void shouldSplitThePartitionsAndDeliverEachOnlyToItsOwner()
    {
        startProducersAndMembers(3, 3);
        final Set<String> partitions = partitionAddresses();
        awaitConvergence(partitions);
        sendToEach(10, "after");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() ->
        {
            members.forEach(Member::step);
            return receivedOverall() == 3 * 20;
        });
        for (final Member member : members)
        {
            assertThat(member.received.keySet()).as("partitions delivered to " + member)
                .isEqualTo(member.owned.stream().map(OwnedPartition::partition).collect(Collectors.toSet()));
            member.received.values().forEach(sequences -> assertThat(sequences).as("each record once, in order")
                .containsExactlyElementsOf(range(20)));
        }
    }

    @Test
    void shouldMoveTheItemsOfAMemberThatLeavesToTheOthers()
    {
        startProducersAndMembers(3, 3);
        final Set<String> partitions = partitionAddresses();
        awaitConvergence(partitions);
        final Member leaving = members.stream().filter(member -> !member.owned.isEmpty()).findFirst().orElseThrow();
        final Set<OwnedPartition> moved = Set.copyOf(leaving.owned);
        leaving.node.leaveGroup();
        leaving.node.close();
        members.remove(leaving);
        members.forEach(member -> member.received.clear());

        awaitConvergence(partitions);
        sendToEach(10, "after");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() ->
        {
            members.forEach(Member::step);
            return moved.stream().allMatch(partition -> members.stream().anyMatch(member ->
                member.received.getOrDefault(partition.partition(), List.of()).contains(19L)));
        });
        for (final OwnedPartition partition : moved)
        {
            assertThat(members.stream().filter(member -> member.received.containsKey(partition.partition())))
                .as("members delivering moved partition " + partition.partition()).hasSize(1);
        }
    }

    private void startProducersAndMembers(final int producerCount, final int memberCount)
    {
        for (int i = 0; i < producerCount; i++)
        {
            producers.add(ProducerNode.start(Loopback.nodeConfig(tower, "producer.terminate_unacked", true,
                "producer.head_interval", 100)));
        }
        sendToEach(10, "before");
        for (int i = 0; i < memberCount; i++)
        {
            final ConsumerNode node = ConsumerNode.builder(Loopback.nodeConfig(tower, "consumer.offset.reset",
                "earliest")).group("billing", "", SETTINGS).start();
            node.subscribe(TOPIC);
            members.add(new Member(node));
        }
        // every member knows every partition before it joins, so that whoever leads assigns them all
        await().atMost(WAIT).until(() -> members.stream().allMatch(member ->
            member.node.partitions(TOPIC).size() == producerCount));
        members.forEach(member -> member.node.joinGroup(PROTOCOLS, 0));
    }

    private void sendToEach(final int count, final String label)
    {
        for (final ProducerNode producer : producers)
        {
            for (int i = 0; i < count; i++)
            {
                producer.send(TOPIC, (label + "-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private Set<String> partitionAddresses()
    {
        return producers.stream().map(producer -> producer.partitionAddress(TOPIC)).collect(Collectors.toSet());
    }

    /** Waits until every member settled one generation and their owned partitions split {@code partitions}. */
    private void awaitConvergence(final Set<String> partitions)
    {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() ->
        {
            members.forEach(Member::step);
            final Set<GenerationId> generations = members.stream().map(member -> member.settled)
                .collect(Collectors.toSet());
            final List<String> owned = members.stream().flatMap(member -> member.owned.stream())
                .map(OwnedPartition::partition).toList();
            return generations.size() == 1 && generations.iterator().next().isSome() &&
                members.stream().allMatch(member -> member.settled.equals(member.held)) &&
                owned.size() == partitions.size() && new HashSet<>(owned).equals(partitions);
        });
    }

    private long receivedOverall()
    {
        return members.stream().flatMap(member -> member.received.values().stream()).mapToLong(List::size).sum();
    }

    private static List<Long> range(final int count)
    {
        final List<Long> sequences = new ArrayList<>();
        for (long i = 0; i < count; i++)
        {
            sequences.add(i);
        }
        return sequences;
    }

    /** The application side of one member: runs the assignor, applies assignments, polls records. */
    private static final class Member
    {
        final ConsumerNode node;
        final Map<String, List<Long>> received = new HashMap<>();
        final Set<OwnedPartition> owned = new HashSet<>();
        GenerationId held = GenerationId.NONE;
        GenerationId settled = GenerationId.NONE;

        Member(final ConsumerNode node)
        {
            this.node = node;
        }

        void step()
        {
            node.groupPolled();
            for (GroupEvent event = node.nextGroupEvent(); event != null; event = node.nextGroupEvent())
            {
                onEvent(event);
            }
            final List<ConsumedRecord> records = new ArrayList<>();
            node.poll(records, 1000, Duration.ofMillis(5));
            for (final ConsumedRecord record : records)
            {
                assertThat(owned).as("a record is polled only of an owned partition")
                    .contains(new OwnedPartition(record.topic(), record.partition()));
                received.computeIfAbsent(record.partition(), any -> new ArrayList<>()).add(record.sequence());
            }
        }

        private void onEvent(final GroupEvent event)
        {
            if (event instanceof GroupEvent.ComputeAssignment compute)
            {
                final List<String> sorted = new ArrayList<>(new TreeSet<>(node.partitions(TOPIC).stream()
                    .map(PartitionHead::partition).toList()));
                final List<String> names = new ArrayList<>(compute.metadata().keySet());
                final Map<String, byte[]> assignments = new LinkedHashMap<>();
                for (int m = 0; m < names.size(); m++)
                {
                    final List<String> share = new ArrayList<>();
                    for (int p = m; p < sorted.size(); p += names.size())
                    {
                        share.add(sorted.get(p));
                    }
                    assignments.put(names.get(m), String.join("\n", share).getBytes(StandardCharsets.UTF_8));
                }
                node.assignmentComputed(compute.generation(), assignments);
            }
            else if (event instanceof GroupEvent.Assigned assigned)
            {
                final String text = new String(assigned.assignment(), StandardCharsets.UTF_8);
                owned.clear();
                Arrays.stream(text.split("\n")).filter(name -> !name.isEmpty())
                    .forEach(name -> owned.add(new OwnedPartition(TOPIC, name)));
                held = assigned.generation();
                node.groupApplied(held, owned);
            }
            else if (event instanceof GroupEvent.Settled done)
            {
                settled = done.generation();
            }
            else if (event instanceof GroupEvent.Lost)
            {
                owned.clear();
                held = GenerationId.NONE;
                settled = GenerationId.NONE;
                node.groupApplied(GenerationId.NONE, Set.of());
            }
        }

        @Override
        public String toString()
        {
            return node.address();
        }
    }
}
