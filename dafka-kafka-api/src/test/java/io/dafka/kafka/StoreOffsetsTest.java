package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.kafka.consumer.internals.OffsetStore;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.RecordStore;
import io.dafka.store.StoreNode;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.Loopback;

/**
 * Committed offsets kept by the stores ({@code dafka.consumer.offsets.storage=stores}) through the Kafka consumer,
 * with two stores on a loopback tower: a commit survives one store restarting empty; a commit that needs more
 * stores than answer fails with Kafka's TimeoutException after {@code default.api.timeout.ms}, never silently; a
 * commit of a superseded generation is refused by the stores with CommitFailedException.
 */
@Timeout(180)
class StoreOffsetsTest
{
    private static final Duration API_TIMEOUT = Duration.ofSeconds(4);

    private final TowerNode tower = Loopback.startTower();
    private final Store[] stores = new Store[2];

    /** One store: its records and committed offsets in memory, so a restart starts it empty, or on disk. */
    private record Store(RecordStore records, StoreNode node) implements AutoCloseable
    {
        @Override
        public void close()
        {
            node.close();
            try
            {
                records.close();
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void startStores()
    {
        stores[0] = startStore();
        stores[1] = startStore();
    }

    @AfterEach
    void stop()
    {
        for (final Store store : stores)
        {
            if (store != null)
            {
                store.close();
            }
        }
        tower.close();
    }

    @Test
    void shouldReturnACommitAfterOneOfTwoStoresRestartedEmpty() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final String group = "g-" + UUID.randomUUID();
        final TopicPartition partition = produce(topic, 6).partition();
        try (Consumer<String, String> committer = consumer(group, Map.of()))
        {
            committer.subscribe(List.of(topic));
            assertThat(KafkaContractTest.pollAtLeast(committer, 6)).hasSize(6);
            committer.commitSync(Map.of(partition, new OffsetAndMetadata(4, "four")));
        }
        stores[1].close();
        stores[1] = startStore();

        try (Consumer<String, String> elsewhere = consumer(group, Map.of()))
        {
            elsewhere.subscribe(List.of(topic));
            assertThat(KafkaContractTest.values(KafkaContractTest.pollAtLeast(elsewhere, 2)))
                .containsExactly("v4", "v5");
            assertThat(elsewhere.committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(4, "four"));
        }
    }

    @Test
    void shouldFailACommitThatFewerStoresThanRequiredHoldWithATimeout() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final TopicPartition partition = produce(topic, 3).partition();
        final Map<String, Object> twoStores = Map.of("dafka.consumer.commit.min.stores", 2);
        try (Consumer<String, String> consumer = consumer("g-" + UUID.randomUUID(), twoStores))
        {
            consumer.subscribe(List.of(topic));
            assertThat(KafkaContractTest.pollAtLeast(consumer, 3)).hasSize(3);
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(1))); // both stores hold it
            stores[1].close();
            stores[1] = null;

            final long start = System.nanoTime();
            assertThatThrownBy(() -> consumer.commitSync(Map.of(partition, new OffsetAndMetadata(2))))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("1 of the 2 stores required");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(API_TIMEOUT);
        }
        try (Consumer<String, String> alone = consumer("g-" + UUID.randomUUID(), twoStores))
        {
            assertThatThrownBy(() -> alone.subscribe(List.of(topic))).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("of the 2 stores required answered");
        }
    }

    @Test
    void shouldRefuseACommitOfASupersededGenerationWithCommitFailed()
    {
        final String group = "g-" + UUID.randomUUID();
        final Map<OffsetStore.Address, OffsetAndMetadata> commit = Map.of(new OffsetStore.Address("t", "A"),
            new OffsetAndMetadata(10));
        try (ConsumerNode newOwnerNode = ConsumerNode.builder(Loopback.nodeConfig(tower)).storeOffsets().start();
             ConsumerNode oldOwnerNode = ConsumerNode.builder(Loopback.nodeConfig(tower)).storeOffsets().start())
        {
            final StoreOffsets newOwner = attached(group, newOwnerNode);
            final StoreOffsets oldOwner = attached(group, oldOwnerNode);
            newOwner.commit(commit, new ConsumerGroupMetadata(group, 5, "new", Optional.empty()));

            assertThatThrownBy(() -> oldOwner.commit(Map.of(new OffsetStore.Address("t", "A"),
                new OffsetAndMetadata(3)), new ConsumerGroupMetadata(group, 4, "old", Optional.empty())))
                .isInstanceOf(CommitFailedException.class).hasMessageContaining("generation 5 is newer");
            oldOwner.refresh();
            assertThat(oldOwner.get("t", "A")).isEqualTo(new OffsetAndMetadata(10));
        }
    }

    @Test
    void shouldLetAGroupThatRestartsAfterAllItsMembersLeftCommitAtOnce() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final String group = "g-" + UUID.randomUUID();
        final Produced produced = produce(topic, 4);
        final TopicPartition partition = produced.partition();
        // the group's earlier life reached generation 7 (its last member committed a moment ago, and left)
        try (ConsumerNode node = ConsumerNode.builder(Loopback.nodeConfig(tower)).storeOffsets().start())
        {
            attached(group, node).commit(Map.of(new OffsetStore.Address(topic, produced.address()),
                new OffsetAndMetadata(2)),
                new ConsumerGroupMetadata(group, 7, "gone", Optional.empty()));
        }

        try (Consumer<String, String> restarted = consumer(group, Map.of()))
        {
            restarted.subscribe(List.of(topic));
            assertThat(KafkaContractTest.values(KafkaContractTest.pollAtLeast(restarted, 2)))
                .containsExactly("v2", "v3");
            assertThat(restarted.groupMetadata().generationId()).as("numbered above the stored generation")
                .isGreaterThan(7);
            restarted.commitSync(Map.of(partition, new OffsetAndMetadata(4)));
            assertThat(restarted.committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(4));
        }
    }

    @Test
    void shouldKeepAnAdminsChangeAndDeletionWhenAStoreThatMissedThemComesBack(@TempDir final Path directory)
        throws Exception
    {
        stores[1].close();
        stores[1] = startDurableStore(directory);
        final String group = "g-" + UUID.randomUUID();
        final TopicPartition changed = produce("t-" + UUID.randomUUID(), 6).partition();
        final TopicPartition deleted = produce("t-" + UUID.randomUUID(), 3).partition();
        final Map<String, Object> bothStores = Map.of("dafka.consumer.commit.min.stores", 2);
        try (Consumer<String, String> member = consumer(group, bothStores))
        {
            member.subscribe(List.of(changed.topic(), deleted.topic()));
            assertThat(KafkaContractTest.pollAtLeast(member, 9)).hasSize(9);
            member.commitSync(Map.of(changed, new OffsetAndMetadata(6), deleted, new OffsetAndMetadata(3)));
        }
        stores[1].close(); // it keeps the group's commit on disk, and misses what the Admin does next
        stores[1] = null;
        final Map<String, Object> adminSettings = EmbeddedDafka.clientConfig(tower);
        adminSettings.put("dafka.admin.listen.ms", 1000);
        try (Admin admin = KafkaClientFactory.admin(adminSettings))
        {
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
            {
                admin.alterConsumerGroupOffsets(group, Map.of(changed, new OffsetAndMetadata(2))).all().get();
                return true;
            });
            admin.deleteConsumerGroupOffsets(group, Set.of(deleted)).all().get();
        }
        stores[1] = startDurableStore(directory);

        try (Consumer<String, String> next = consumer(group, bothStores)) // reads both stores
        {
            next.subscribe(List.of(changed.topic(), deleted.topic()));
            assertThat(KafkaContractTest.values(KafkaContractTest.pollAtLeast(next, 7)))
                .containsExactlyInAnyOrder("v2", "v3", "v4", "v5", "v0", "v1", "v2");
            assertThat(next.committed(Set.of(changed, deleted))).containsEntry(changed, new OffsetAndMetadata(2))
                .containsEntry(deleted, null);
        }
    }

    @Test
    void shouldLoseItsPartitionsAndJoinAboveTheFencingGenerationWhenTheStoresRefuseItsCommit() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final String group = "g-" + UUID.randomUUID();
        final Produced produced = produce(topic, 3);
        final TopicPartition partition = produced.partition();
        final List<String> callbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Consumer<String, String> member = consumer(group, Map.of());
             ConsumerNode node = ConsumerNode.builder(Loopback.nodeConfig(tower)).storeOffsets().start())
        {
            member.subscribe(List.of(topic), new ConsumerRebalanceListener()
            {
                @Override
                public void onPartitionsRevoked(final java.util.Collection<TopicPartition> partitions)
                {
                    callbacks.add("revoked " + partitions);
                }

                @Override
                public void onPartitionsAssigned(final java.util.Collection<TopicPartition> partitions)
                {
                    callbacks.add("assigned " + partitions);
                }

                @Override
                public void onPartitionsLost(final java.util.Collection<TopicPartition> partitions)
                {
                    callbacks.add("lost " + partitions);
                }
            });
            assertThat(KafkaContractTest.pollAtLeast(member, 3)).hasSize(3);
            final int before = member.groupMetadata().generationId();
            // elsewhere, a newer generation of the group (a leader this member never heard) gave the partition away
            attached(group, node).commit(Map.of(new OffsetStore.Address(topic, produced.address()),
                new OffsetAndMetadata(1)), new ConsumerGroupMetadata(group, before + 5, "other", Optional.empty()));

            assertThatThrownBy(member::commitSync).isInstanceOf(CommitFailedException.class);
            assertThatThrownBy(() -> member.commitSync(Map.of(partition, new OffsetAndMetadata(3))))
                .as("until its next poll").isInstanceOf(CommitFailedException.class)
                .hasMessageContaining("next poll");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
            {
                member.poll(Duration.ofMillis(100));
                return member.groupMetadata().generationId() > before + 5 && member.assignment().contains(partition);
            });
            assertThat(callbacks).startsWith("assigned [" + partition + "]", "lost [" + partition + "]")
                .endsWith("assigned [" + partition + "]");
            member.commitSync(Map.of(partition, new OffsetAndMetadata(3)));
            assertThat(member.committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(3));
        }
    }

    @Test
    void shouldMoveAKeptPartitionUpToWhatTheGroupCommittedBeyondItsPositionWhenANewGenerationSettles()
        throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final String group = "g-" + UUID.randomUUID();
        try (DafkaProducer<String, String> producer = producer();
             Consumer<String, String> member = consumer(group, Map.of());
             ConsumerNode node = ConsumerNode.builder(Loopback.nodeConfig(tower)).storeOffsets().start())
        {
            final Produced kept = send(producer, topic, 0, 3);
            member.subscribe(List.of(topic));
            assertThat(KafkaContractTest.values(KafkaContractTest.pollAtLeast(member, 3)))
                .containsExactly("v0", "v1", "v2");
            // meanwhile, a member this one never heard of (the two were cut off) took the partition up to 8
            final int before = member.groupMetadata().generationId();
            attached(group, node).commit(Map.of(new OffsetStore.Address(topic, kept.address()),
                new OffsetAndMetadata(8)), new ConsumerGroupMetadata(group, before, "other", Optional.empty()));

            final TopicPartition added = produce(topic, 1).partition(); // a new partition: a new generation
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
            {
                member.poll(Duration.ofMillis(100));
                return member.groupMetadata().generationId() > before && member.assignment().contains(added);
            });
            send(producer, topic, 3, 7);

            assertThat(KafkaContractTest.values(KafkaContractTest.pollAtLeast(member, 2)))
                .as("what the group committed is not processed again").containsExactly("v8", "v9");
        }
    }

    private Store startDurableStore(final Path directory)
    {
        final DafkaConfig config = Loopback.nodeConfig(tower);
        final DurableRecordStore records = DurableRecordStore.open(directory, config);
        return new Store(records, StoreNode.start(config, records));
    }

    private StoreOffsets attached(final String group, final ConsumerNode node)
    {
        final StoreOffsets offsets = new StoreOffsets(group, 1, Duration.ofSeconds(30));
        offsets.attach(node);
        return offsets;
    }

    private Store startStore()
    {
        final InMemoryRecordStore records = new InMemoryRecordStore();
        return new Store(records, StoreNode.start(Loopback.nodeConfig(tower), records));
    }

    /** A consumer whose offsets are in the stores, with an offsets directory no other consumer uses. */
    private Consumer<String, String> consumer(final String group, final Map<String, Object> overrides)
    {
        final Map<String, Object> settings = EmbeddedDafka.clientConfig(tower);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)API_TIMEOUT.toMillis());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put("dafka.consumer.offsets.storage", "stores");
        settings.put("dafka.offsets.dir", Path.of(System.getProperty("java.io.tmpdir"), "dafka-host-" +
            UUID.randomUUID()).toString()); // never created: nothing is written there with the stores
        settings.putAll(overrides);
        return KafkaClientFactory.consumer(settings);
    }

    /** A partition records were sent to, and its Dafka address. */
    private record Produced(TopicPartition partition, String address)
    {
    }

    private Produced produce(final String topic, final int count) throws Exception
    {
        try (DafkaProducer<String, String> producer = producer())
        {
            return send(producer, topic, 0, count);
        }
    }

    /** Sends "v{from}".."v{from+count-1}", each acknowledged by both stores. */
    private static Produced send(final DafkaProducer<String, String> producer, final String topic, final int from,
        final int count) throws Exception
    {
        RecordMetadata last = null;
        for (int i = from; i < from + count; i++)
        {
            last = producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(60, TimeUnit.SECONDS);
        }
        return new Produced(new TopicPartition(topic, last.partition()), producer.partitionAddress(topic));
    }

    private DafkaProducer<String, String> producer()
    {
        final Map<String, Object> settings = EmbeddedDafka.clientConfig(tower);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put("dafka.min.stores", 2);
        return new DafkaProducer<>(settings);
    }
}
