package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka's {@link Admin} contract, written once against {@link KafkaClientFactory#admin} and run on Dafka
 * ({@link DafkaAdminContractTest}) and on a real broker ({@link RealKafkaAdminContractTest}): what an application
 * or a tool may rely on whichever the transport. The differences are in {@code DafkaAdminTest}.
 */
@Timeout(120)
abstract class AdminContractTest
{
    static final Duration WAIT = Duration.ofSeconds(60);

    /** Client settings that reach the system under test (bootstrap servers, transport, ...). */
    abstract Map<String, Object> transportConfig();

    @Test
    void shouldListAndDescribeATopicAfterAProduce() throws Exception
    {
        final String topic = KafkaContractTest.topic();
        try (Producer<String, String> producer = producer();
             Admin admin = admin())
        {
            final RecordMetadata sent = producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            Awaitility.await().atMost(WAIT).until(() -> admin.listTopics().names().get().contains(topic));
            final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic);
            assertThat(description.name()).isEqualTo(topic);
            assertThat(description.partitions()).hasSize(1);
            assertThat(description.partitions().get(0).partition()).as("numbered as the record's partition")
                .isEqualTo(sent.partition());
        }
    }

    @Test
    void shouldListTheEarliestLatestAndTimestampOffsets() throws Exception
    {
        final String topic = KafkaContractTest.topic();
        final long timestamp = 1_700_000_000_000L;
        try (Producer<String, String> producer = producer();
             Admin admin = admin())
        {
            int number = -1;
            for (int i = 0; i < 5; i++)
            {
                number = producer.send(new ProducerRecord<>(topic, null, timestamp + 10 * i, "k", "v" + i)).get()
                    .partition();
            }
            final TopicPartition partition = new TopicPartition(topic, number);
            Awaitility.await().atMost(WAIT).until(() -> offset(admin, partition, OffsetSpec.latest()) == 5);
            assertThat(offset(admin, partition, OffsetSpec.earliest())).isZero();
            assertThat(offset(admin, partition, OffsetSpec.forTimestamp(timestamp + 15))).isEqualTo(2);
            assertThat(offset(admin, partition, OffsetSpec.forTimestamp(timestamp + 100))).as("after the last")
                .isEqualTo(-1);
        }
    }

    @Test
    void shouldCreateATopicSuccessfully() throws Exception
    {
        try (Admin admin = admin())
        {
            admin.createTopics(List.of(new NewTopic(KafkaContractTest.topic(), 1, (short)1))).all()
                .get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldListAndDescribeASettledGroup() throws Exception
    {
        final String topic = KafkaContractTest.topic();
        final String group = "admin-group-" + UUID.randomUUID();
        try (Producer<String, String> producer = producer();
             Consumer<String, String> member = member(group);
             Admin admin = admin())
        {
            final int number = producer.send(new ProducerRecord<>(topic, "k", "v")).get().partition();
            member.subscribe(List.of(topic));
            final TopicPartition partition = new TopicPartition(topic, number);
            Awaitility.await().atMost(WAIT).until(() ->
            {
                member.poll(Duration.ofMillis(100));
                return member.assignment().contains(partition);
            });
            Awaitility.await().atMost(WAIT).until(() -> admin.listConsumerGroups().all().get().stream().anyMatch(
                listing -> listing.groupId().equals(group) &&
                    listing.groupState().equals(java.util.Optional.of(GroupState.STABLE))));
            final ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                .get(group);
            assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(description.members()).hasSize(1);
            final MemberDescription only = description.members().iterator().next();
            assertThat(only.assignment().topicPartitions()).containsExactly(partition);
            assertThat(description.partitionAssignor()).isEqualTo("range");
            assertThat(admin.listConsumerGroups().all().get()).extracting(ConsumerGroupListing::groupId)
                .contains(group);
        }
    }

    @Test
    void shouldAlterAndListTheCommittedOffsetsOfAnEmptyGroup() throws Exception
    {
        final String topic = KafkaContractTest.topic();
        final String group = "admin-offsets-" + UUID.randomUUID();
        try (Producer<String, String> producer = producer();
             Admin admin = admin())
        {
            int number = -1;
            for (int i = 0; i < 4; i++)
            {
                number = producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get().partition();
            }
            final TopicPartition partition = new TopicPartition(topic, number);
            try (Consumer<String, String> member = member(group))
            {
                member.subscribe(List.of(topic));
                assertThat(KafkaContractTest.pollAtLeast(member, 4)).hasSize(4);
                member.commitSync();
                final ExecutionException live = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, () -> admin.alterConsumerGroupOffsets(group,
                        Map.of(partition, new OffsetAndMetadata(1))).all().get());
                assertThat(live.getCause()).as("refused while the group has a member")
                    .isInstanceOf(UnknownMemberIdException.class);
            }
            Awaitility.await().atMost(WAIT).until(() -> admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get().get(partition), offset -> offset != null &&
                offset.offset() == 4);
            Awaitility.await().atMost(WAIT).ignoreExceptions().until(() ->
            {
                admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(1))).all().get();
                return true;
            });
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition)
                .offset()).isEqualTo(1);
            try (Consumer<String, String> next = member(group))
            {
                next.subscribe(List.of(topic));
                assertThat(KafkaContractTest.values(KafkaContractTest.pollAtLeast(next, 3)))
                    .containsExactly("v1", "v2", "v3");
            }
        }
    }

    @Test
    void shouldDeleteTheCommittedOffsetsOfAGroupOnlyOnceNoMemberSubscribesToTheirTopic() throws Exception
    {
        final String topic = KafkaContractTest.topic();
        final String group = "admin-delete-" + UUID.randomUUID();
        try (Producer<String, String> producer = producer();
             Admin admin = admin())
        {
            int number = -1;
            for (int i = 0; i < 3; i++)
            {
                number = producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get().partition();
            }
            final TopicPartition partition = new TopicPartition(topic, number);
            try (Consumer<String, String> member = member(group))
            {
                member.subscribe(List.of(topic));
                assertThat(KafkaContractTest.pollAtLeast(member, 3)).hasSize(3);
                member.commitSync();
                Awaitility.await().atMost(WAIT).until(() -> admin.describeConsumerGroups(List.of(group)).all().get()
                    .get(group).groupState() == GroupState.STABLE);
                final ExecutionException live = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, () -> admin.deleteConsumerGroupOffsets(group, Set.of(partition))
                        .all().get());
                assertThat(live.getCause()).as("refused while a member subscribes to the topic")
                    .isInstanceOf(GroupSubscribedToTopicException.class);
            }
            Awaitility.await().atMost(WAIT).ignoreExceptions().until(() ->
            {
                admin.deleteConsumerGroupOffsets(group, Set.of(partition)).all().get();
                return true;
            });
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition))
                .isNull();
            try (Consumer<String, String> next = member(group))
            {
                next.subscribe(List.of(topic));
                assertThat(KafkaContractTest.values(KafkaContractTest.pollAtLeast(next, 3)))
                    .as("no committed offset: auto.offset.reset=earliest").containsExactly("v0", "v1", "v2");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static long offset(final Admin admin, final TopicPartition partition, final OffsetSpec spec)
        throws Exception
    {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get().offset();
    }

    Admin admin()
    {
        return KafkaClientFactory.admin(new HashMap<>(transportConfig()));
    }

    Producer<String, String> producer()
    {
        final Map<String, Object> settings = new HashMap<>(transportConfig());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return KafkaClientFactory.producer(settings);
    }

    /** A member of {@code group} that splits the partitions with the others (Kafka's range assignor). */
    Consumer<String, String> member(final String group)
    {
        final Map<String, Object> settings = new HashMap<>(transportConfig());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            List.of(org.apache.kafka.clients.consumer.RangeAssignor.class));
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        if (settings.containsKey("dafka.tower.sub.endpoints"))
        {
            settings.put("dafka.consumer.group.mode", "split");
        }
        return KafkaClientFactory.consumer(settings);
    }
}
