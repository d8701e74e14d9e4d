package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DafkaConsumer behaviour specific to Dafka, beyond the shared Kafka contract. */
@Timeout(120)
class DafkaConsumerTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path offsets;

    private EmbeddedDafka dafka;

    @BeforeEach
    void start()
    {
        dafka = new EmbeddedDafka(offsets);
    }

    @AfterEach
    void stop()
    {
        dafka.close();
    }

    @Test
    void shouldTellTheRebalanceListenerAboutEachProducerAsItAppearsInBroadcastMode() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final List<TopicPartition> assigned = new CopyOnWriteArrayList<>();
        try (DafkaConsumer<String, String> consumer = consumer(Map.of("auto.offset.reset", "earliest",
            "dafka.consumer.group.mode", "broadcast")))
        {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener()
            {
                @Override
                public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
                {
                }

                @Override
                public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
                {
                    assigned.addAll(partitions);
                }
            });
            final TopicPartition first = send(topic, "from A");
            pollUntil(consumer, 1);
            assertThat(assigned).containsExactly(first);
            final TopicPartition second = send(topic, "from B");
            pollUntil(consumer, 1);
            assertThat(assigned).containsExactly(first, second);
            assertThat(consumer.assignment()).containsExactlyInAnyOrder(first, second);
        }
    }

    @Test
    void shouldFailACommitOfAPartitionTheGroupGaveToAnotherMember() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        send(topic, "from A");
        send(topic, "from B");
        final Map<String, Object> member = Map.of("group.id", "g-" + UUID.randomUUID(), "heartbeat.interval.ms", 300);
        final List<Exception> outcomes = new CopyOnWriteArrayList<>();
        try (DafkaConsumer<String, String> first = consumer(member);
             DafkaConsumer<String, String> second = consumer(member))
        {
            first.subscribe(List.of(topic));
            second.subscribe(List.of(topic));
            KafkaContractTest.awaitSplit(List.<Consumer<String, String>>of(first, second), 2, false);
            final TopicPartition others = second.assignment().iterator().next();
            final Map<TopicPartition, OffsetAndMetadata> notItsOwn = Map.of(others, new OffsetAndMetadata(1));

            assertThatThrownBy(() -> first.commitSync(notItsOwn)).isInstanceOf(CommitFailedException.class)
                .hasMessageContaining(others.toString());
            first.commitAsync(notItsOwn, (offsets, failure) -> outcomes.add(failure));
            first.commitSync(Map.of()); // runs the callbacks of the asynchronous commits before it
            assertThat(outcomes).singleElement().isInstanceOf(CommitFailedException.class);
            assertThat(second.committed(Set.of(others)).get(others)).as("nothing was committed").isNull();
        }
    }

    @Test
    void shouldReturnAtMostMaxPollRecordsAndCountThemInMetrics() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        try (DafkaProducer<String, String> producer = producer())
        {
            for (int i = 0; i < 50; i++)
            {
                producer.send(new ProducerRecord<>(topic, "v" + i));
            }
            producer.flush();
        }
        try (DafkaConsumer<String, String> consumer = consumer(Map.of("auto.offset.reset", "earliest",
            "max.poll.records", 7)))
        {
            consumer.subscribe(List.of(topic));
            final List<ConsumerRecord<String, String>> all = new ArrayList<>();
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (all.size() < 50 && System.nanoTime() < deadline)
            {
                final ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(100));
                assertThat(batch.count()).isLessThanOrEqualTo(7);
                batch.forEach(all::add);
            }
            assertThat(all).extracting(ConsumerRecord::offset).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 50).boxed().toList());
            assertThat(metric(consumer, "records-consumed-total")).isEqualTo(50.0);
            assertThat(metric(consumer, "bytes-consumed-total")).as("at least the values' bytes")
                .isGreaterThanOrEqualTo(all.stream().mapToInt(record -> record.value().length()).sum());
        }
    }

    @Test
    void shouldSkipRecordsOlderThanTheResetDuration() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final long now = System.currentTimeMillis();
        try (DafkaProducer<String, String> producer = producer())
        {
            producer.send(new ProducerRecord<>(topic, null, now - Duration.ofDays(2).toMillis(), null, "old")).get();
            producer.send(new ProducerRecord<>(topic, null, now, null, "new")).get();
        }
        try (DafkaConsumer<String, String> consumer = consumer(Map.of("auto.offset.reset", "by_duration:PT1H")))
        {
            consumer.subscribe(List.of(topic));
            assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("new");
        }
    }

    @Test
    void shouldAutoCommitWhatWasPolledAndResumeAfterItWithTheSameGroup() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final Map<String, Object> group = Map.of("group.id", "auto", "auto.offset.reset", "earliest",
            "enable.auto.commit", true, "auto.commit.interval.ms", 50);
        send(topic, "a");
        send(topic, "b");
        try (DafkaConsumer<String, String> consumer = consumer(group))
        {
            consumer.subscribe(List.of(topic));
            assertThat(pollUntil(consumer, 2)).hasSize(2);
        } // close commits the positions
        final TopicPartition third = send(topic, "c");
        try (DafkaConsumer<String, String> consumer = consumer(group))
        {
            consumer.subscribe(List.of(topic));
            final List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("c");
            assertThat(records.get(0).partition()).isEqualTo(third.partition());
        }
    }

    @Test
    void shouldAutoCommitOnlyOnceTheIntervalHasPassedOnTheInjectedTime() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final TopicPartition partition = send(topic, "a");
        final ManualTime time = new ManualTime(System.currentTimeMillis());
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.putAll(Map.of("group.id", "g-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
            "enable.auto.commit", true, "auto.commit.interval.ms", 60_000));
        try (DafkaConsumer<String, String> consumer =
                 new DafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer(), time))
        {
            consumer.subscribe(List.of(topic));
            final List<ConsumerRecord<String, String>> records = new ArrayList<>();
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline)
            {
                consumer.poll(Duration.ZERO).forEach(records::add); // a zero timeout never waits on the manual time
            }
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("a");
            consumer.poll(Duration.ZERO);
            assertThat(consumer.committed(java.util.Set.of(partition)).get(partition))
                .as("the interval has not passed on the consumer's clock").isNull();
            time.advance(60_000);
            consumer.poll(Duration.ZERO);
            assertThat(consumer.committed(java.util.Set.of(partition)).get(partition).offset()).isEqualTo(1);
        }
    }

    @Test
    void shouldStopAtARecordThatCannotBeDeserializedUntilTheApplicationSeeksPastIt() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        final TopicPartition partition;
        try (DafkaProducer<String, String> producer = producer())
        {
            producer.send(new ProducerRecord<>(topic, "good"));
            producer.send(new ProducerRecord<>(topic, "poison"));
            final RecordMetadata last = producer.send(new ProducerRecord<>(topic, "after")).get();
            partition = new TopicPartition(topic, last.partition());
        }
        final Deserializer<String> strict = (t, data) ->
        {
            final String value = new String(data, java.nio.charset.StandardCharsets.UTF_8);
            if (value.equals("poison"))
            {
                throw new IllegalArgumentException("cannot read " + value);
            }
            return value;
        };
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put("auto.offset.reset", "earliest");
        try (DafkaConsumer<String, String> consumer =
                 new DafkaConsumer<>(settings, new StringDeserializer(), strict))
        {
            consumer.assign(List.of(partition));
            assertThatThrownBy(() -> pollUntil(consumer, 3))
                .isInstanceOfSatisfying(RecordDeserializationException.class, e ->
                {
                    assertThat(e.offset()).isEqualTo(1);
                    assertThat(e.origin()).isEqualTo(RecordDeserializationException.DeserializationExceptionOrigin.VALUE);
                });
            assertThatThrownBy(() -> consumer.poll(WAIT)).isInstanceOf(RecordDeserializationException.class);
            consumer.seek(partition, 2);
            assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("after");
        }
    }

    @Test
    void shouldLoseNoRecordOfOtherPartitionsTakenFromTheEngineTogetherWithOneThatCannotBeDeserialized()
        throws Exception
    {
        // Each partition has a poison record in its middle: whichever the engine delivers first, a poll that meets
        // its poison has taken the other partition's records after it too (when both were there), and the engine
        // must deliver those again.
        final String topic = "t-" + UUID.randomUUID();
        final List<TopicPartition> partitions = new ArrayList<>();
        try (DafkaProducer<String, String> first = producer();
             DafkaProducer<String, String> second = producer())
        {
            partitions.add(partitionOf(first, topic));
            partitions.add(partitionOf(second, topic));
            for (int i = 0; i < 200; i++)
            {
                first.send(new ProducerRecord<>(topic, i == 100 ? "poison" : "a" + i));
                second.send(new ProducerRecord<>(topic, i == 100 ? "poison" : "b" + i));
            }
            first.flush();
            second.flush();
        }
        final Deserializer<String> strict = (t, data) ->
        {
            final String value = new String(data, java.nio.charset.StandardCharsets.UTF_8);
            if (value.equals("poison"))
            {
                throw new IllegalArgumentException("cannot read " + value);
            }
            return value;
        };
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put("auto.offset.reset", "earliest");
        settings.put("max.poll.records", 1000);
        final Map<TopicPartition, List<Long>> offsets = new HashMap<>();
        final List<TopicPartition> failed = new ArrayList<>();
        try (DafkaConsumer<String, String> consumer = new DafkaConsumer<>(settings, new StringDeserializer(), strict))
        {
            consumer.assign(partitions);
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (offsets.values().stream().mapToInt(List::size).sum() < 398 && System.nanoTime() < deadline)
            {
                try
                {
                    consumer.poll(Duration.ofMillis(100)).forEach(record -> offsets.computeIfAbsent(
                        new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
                        .add(record.offset()));
                }
                catch (final RecordDeserializationException e)
                {
                    assertThat(e.offset()).isEqualTo(100);
                    failed.add(e.topicPartition());
                    consumer.seek(e.topicPartition(), 101);
                }
            }
        }
        assertThat(failed).containsExactlyInAnyOrderElementsOf(partitions);
        final List<Long> expected = java.util.stream.LongStream.range(0, 200).filter(offset -> offset != 100).boxed()
            .toList();
        assertThat(offsets).as("every other record of each partition, once, in order").hasSize(2)
            .allSatisfy((partition, each) -> assertThat(each).containsExactlyElementsOf(expected));
    }

    @Test
    void shouldStartAtTheOffsetSoughtBeforeThePartitionsProducerWasSeen() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        try (DafkaProducer<String, String> producer = producer();
             DafkaConsumer<String, String> consumer = consumer(Map.of("auto.offset.reset", "earliest")))
        {
            final TopicPartition partition = partitionOf(producer, topic);
            consumer.assign(List.of(partition));
            consumer.seek(partition, 5);
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).as("no producer yet").isTrue();
            sendTen(producer, topic);
            assertThat(pollUntil(consumer, 5)).extracting(ConsumerRecord::offset).containsExactly(5L, 6L, 7L, 8L, 9L);
            assertThat(consumer.poll(Duration.ofMillis(300)).isEmpty()).as("nothing before the seek").isTrue();
        }
    }

    @Test
    void shouldKeepAPartitionPausedBeforeItsProducerWasSeenPausedUntilResumed() throws Exception
    {
        final String topic = "t-" + UUID.randomUUID();
        try (DafkaProducer<String, String> producer = producer();
             DafkaConsumer<String, String> consumer = consumer(Map.of("auto.offset.reset", "earliest")))
        {
            final TopicPartition partition = partitionOf(producer, topic);
            consumer.assign(List.of(partition));
            consumer.pause(List.of(partition));
            sendTen(producer, topic);
            final long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < deadline)
            {
                assertThat(consumer.poll(Duration.ofMillis(100)).isEmpty()).as("paused").isTrue();
            }
            consumer.resume(List.of(partition));
            assertThat(pollUntil(consumer, 10)).extracting(ConsumerRecord::offset)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    /** The partition {@code producer} writes to {@code topic}, known before its first record. */
    private static TopicPartition partitionOf(final DafkaProducer<String, String> producer, final String topic)
    {
        return new TopicPartition(topic, PartitionIds.of(producer.partitionAddress(topic)));
    }

    private static void sendTen(final DafkaProducer<String, String> producer, final String topic)
    {
        for (int i = 0; i < 10; i++)
        {
            producer.send(new ProducerRecord<>(topic, "v" + i));
        }
        producer.flush();
    }

    private DafkaProducer<String, String> producer()
    {
        return new DafkaProducer<>(dafka.clientConfig(), new StringSerializer(), new StringSerializer());
    }

    /** Sends one record from a new producer, so each call writes a new partition; returns it. */
    private TopicPartition send(final String topic, final String value) throws Exception
    {
        try (DafkaProducer<String, String> producer = producer())
        {
            final RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, value)).get();
            return new TopicPartition(topic, metadata.partition());
        }
    }

    private DafkaConsumer<String, String> consumer(final Map<String, Object> overrides)
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put("group.id", "g-" + UUID.randomUUID());
        settings.putAll(overrides);
        return new DafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollUntil(final DafkaConsumer<String, String> consumer,
        final int count)
    {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (records.size() < count && System.nanoTime() < deadline)
        {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    private static double metric(final DafkaConsumer<?, ?> consumer, final String name)
    {
        return consumer.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
            .map(e -> (Double)e.getValue().metricValue()).findFirst().orElseThrow();
    }
}
