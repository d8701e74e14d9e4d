package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.testing.ChildJvm;

/**
 * The Kafka client contract, written once against {@link Producer} / {@link Consumer} from
 * {@link KafkaClientFactory} and run against Dafka ({@link DafkaContractTest}) and a real Kafka broker
 * ({@link RealKafkaContractTest}). Where Dafka deliberately differs, the test says so with {@link #isDafka()}.
 */
@Timeout(120)
abstract class KafkaContractTest
{
    static final Duration WAIT = Duration.ofSeconds(30);

    /** The failover scenario's session timeout: the smallest a Kafka broker accepts by default. */
    private static final int FAILOVER_SESSION_MS = 6_000;
    private static final int FAILOVER_PARTITIONS = 4;

    /** Client settings that reach the system under test (bootstrap servers, transport, ...). */
    abstract Map<String, Object> transportConfig();

    abstract boolean isDafka();

    @Test
    void shouldCarryKeysHeadersTimestampsAndTombstones() throws Exception
    {
        final String topic = topic();
        final long timestamp = 1_700_000_000_000L;
        final List<Header> headers = List.of(new RecordHeader("trace", bytes("t-1")), new RecordHeader("empty", null));
        try (Producer<String, String> producer = producer(Map.of()))
        {
            producer.send(new ProducerRecord<>(topic, null, timestamp, "key-1", "value-1", headers)).get();
            producer.send(new ProducerRecord<String, String>(topic, null, timestamp + 1, "key-1", (String)null)).get();
            producer.send(new ProducerRecord<>(topic, null, timestamp + 2, null, "")).get();
        }
        try (Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))
        {
            consumer.subscribe(List.of(topic));
            final List<ConsumerRecord<String, String>> records = pollAtLeast(consumer, 3);
            assertThat(records).hasSize(3);
            assertThat(records.get(0).key()).isEqualTo("key-1");
            assertThat(records.get(0).value()).isEqualTo("value-1");
            assertThat(records.get(0).timestamp()).isEqualTo(timestamp);
            assertThat(records.get(0).headers().lastHeader("trace").value()).isEqualTo(bytes("t-1"));
            assertThat(records.get(0).headers().lastHeader("empty").value()).isNull();
            assertThat(records.get(1).value()).as("tombstone").isNull();
            assertThat(records.get(2).key()).isNull();
            assertThat(records.get(2).value()).as("empty is not null").isEmpty();
            assertThat(records).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void shouldCompleteFuturesAndCallbacksWithTheRecordsOffsets() throws Exception
    {
        final String topic = topic();
        try (Producer<String, String> producer = producer(Map.of()))
        {
            final ConcurrentLinkedQueue<RecordMetadata> called = new ConcurrentLinkedQueue<>();
            final CountDownLatch done = new CountDownLatch(10);
            final List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                futures.add(producer.send(new ProducerRecord<>(topic, "k", "v" + i), (metadata, error) ->
                {
                    if (error == null)
                    {
                        called.add(metadata);
                    }
                    done.countDown();
                }));
            }
            producer.flush();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++)
            {
                final RecordMetadata metadata = futures.get(i).get(30, TimeUnit.SECONDS);
                assertThat(metadata.topic()).isEqualTo(topic);
                assertThat(metadata.offset()).isEqualTo(i);
                assertThat(metadata.partition()).isEqualTo(futures.get(0).get().partition());
            }
            assertThat(called).hasSize(10);
        }
    }

    @Test
    void shouldStartFromTheBeginningWithEarliestAndAfterTheEndWithLatest() throws Exception
    {
        final String topic = topic();
        try (Producer<String, String> producer = producer(Map.of()))
        {
            final RecordMetadata first = producer.send(new ProducerRecord<>(topic, "before")).get();
            final TopicPartition partition = new TopicPartition(topic, first.partition());
            try (Consumer<String, String> latest = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
                 Consumer<String, String> earliest =
                     consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))
            {
                latest.subscribe(List.of(topic));
                awaitAssigned(latest, partition);
                assertThat(latest.position(partition, WAIT)).isEqualTo(1);
                producer.send(new ProducerRecord<>(topic, "after")).get();
                assertThat(values(pollAtLeast(latest, 1))).containsExactly("after");

                earliest.subscribe(List.of(topic));
                assertThat(values(pollAtLeast(earliest, 2))).containsExactly("before", "after");
            }
        }
    }

    @Test
    void shouldDeliverEveryRecordOfAProducerStartedAfterALatestConsumerSubscribed() throws Exception
    {
        final String topic = topic();
        try (Consumer<String, String> latest = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")))
        {
            latest.subscribe(List.of(topic));
            if (isDafka())
            {
                latest.poll(Duration.ofMillis(500)); // Dafka: partitions appear with their producers; none yet
            }
            else
            {
                awaitAnyAssignment(latest); // Kafka: subscribing created the topic; wait for its partition
                latest.assignment().forEach(partition -> latest.position(partition, WAIT)); // and its position
            }
            try (Producer<String, String> producer = producer(Map.of()))
            {
                for (int i = 0; i < 5; i++)
                {
                    producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get(30, TimeUnit.SECONDS);
                }
                final List<ConsumerRecord<String, String>> records = pollAtLeast(latest, 5);
                assertThat(values(records)).containsExactly("v0", "v1", "v2", "v3", "v4");
                assertThat(records.get(0).offset()).isZero();
            }
        }
    }

    @Test
    void shouldRevokeThePartitionsOnceOnUnsubscribeAndNotAgainOnClose() throws Exception
    {
        final String topic = topic();
        final TopicPartition partition = produce(topic, 1);
        final List<List<TopicPartition>> revocations = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try
        {
            consumer.subscribe(List.of(topic), new RecordingListener(revocations));
            awaitAssigned(consumer, partition);
            consumer.unsubscribe();
            assertThat(revocations).containsExactly(List.of(partition));
            assertThat(consumer.assignment()).isEmpty();
        }
        finally
        {
            consumer.close();
        }
        assertThat(revocations).as("nothing was assigned any more at close").hasSize(1);
    }

    @Test
    void shouldRevokeTheAssignedPartitionsOnceOnClose() throws Exception
    {
        final String topic = topic();
        final TopicPartition partition = produce(topic, 1);
        final List<List<TopicPartition>> revocations = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try
        {
            consumer.subscribe(List.of(topic), new RecordingListener(revocations));
            awaitAssigned(consumer, partition);
        }
        finally
        {
            consumer.close();
        }
        assertThat(revocations).containsExactly(List.of(partition));
    }

    @Test
    void shouldFeedTheConfiguredMetricReportersOfAConsumer() throws Exception
    {
        final String clientId = "reported-" + UUID.randomUUID();
        final Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId,
            ConsumerConfig.METRIC_REPORTER_CLASSES_CONFIG, RecordingMetricsReporter.class.getName()));
        final RecordingMetricsReporter reporter;
        try
        {
            reporter = RecordingMetricsReporter.of(clientId);
            assertThat(reporter).as("a reporter configured with the consumer's client.id").isNotNull();
            assertThat(consumer.metrics()).isNotEmpty();
            assertThat(reporter.reported()).containsAll(consumer.metrics().keySet());
        }
        finally
        {
            consumer.close();
        }
        assertThat(reporter.closed()).as("closed with the consumer").isTrue();
    }

    @Test
    void shouldReportKafkasConsumerMetricsUnderKafkasNames() throws Exception
    {
        final String topic = topic();
        final TopicPartition partition = produce(topic, 3);
        try (Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))
        {
            consumer.assign(List.of(partition));
            assertThat(pollAtLeast(consumer, 3)).hasSize(3);
            consumer.commitSync();
            consumer.poll(Duration.ofMillis(10));
            assertThat(metric(consumer, "consumer-fetch-manager-metrics", "records-consumed-total", Map.of()))
                .isEqualTo(3.0);
            assertThat(metric(consumer, "consumer-fetch-manager-metrics", "bytes-consumed-total", Map.of()))
                .isGreaterThan(0.0);
            assertThat(metric(consumer, "consumer-fetch-manager-metrics", "records-lag", Map.of("topic", topic,
                "partition", String.valueOf(partition.partition())))).isEqualTo(0.0);
            assertThat(metric(consumer, "consumer-coordinator-metrics", "commit-total", Map.of()))
                .isGreaterThanOrEqualTo(1.0);
            assertThat(metric(consumer, "consumer-metrics", "last-poll-seconds-ago", Map.of()))
                .isGreaterThanOrEqualTo(0.0);
            final Set<String> names = new java.util.HashSet<>();
            consumer.metrics().keySet().forEach(name -> names.add(name.group() + "/" + name.name()));
            assertThat(names).contains("consumer-fetch-manager-metrics/records-lag-max",
                "consumer-fetch-manager-metrics/records-lead-min", "consumer-fetch-manager-metrics/records-consumed-rate",
                "consumer-fetch-manager-metrics/bytes-consumed-rate", "consumer-fetch-manager-metrics/fetch-rate",
                "consumer-fetch-manager-metrics/fetch-total", "consumer-coordinator-metrics/commit-latency-avg",
                "consumer-coordinator-metrics/commit-latency-max", "consumer-coordinator-metrics/commit-rate",
                "consumer-metrics/time-between-poll-avg", "consumer-metrics/time-between-poll-max",
                "app-info/version", "app-info/commit-id");
        }
    }

    @Test
    void shouldRefuseToGuessAPositionWhenTheResetPolicyIsNone() throws Exception
    {
        final String topic = topic();
        try (Producer<String, String> producer = producer(Map.of()))
        {
            final RecordMetadata first = producer.send(new ProducerRecord<>(topic, "x")).get();
            try (Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")))
            {
                final TopicPartition partition = new TopicPartition(topic, first.partition());
                consumer.assign(List.of(partition));
                assertThatThrownBy(() ->
                {
                    final long deadline = System.nanoTime() + WAIT.toNanos();
                    while (System.nanoTime() < deadline)
                    {
                        consumer.poll(Duration.ofMillis(100));
                    }
                }).isInstanceOf(NoOffsetForPartitionException.class);
                consumer.seek(partition, 0);
                assertThat(values(pollAtLeast(consumer, 1))).containsExactly("x");
            }
        }
    }

    @Test
    void shouldSubscribeToTheTopicsMatchingAPattern() throws Exception
    {
        final String prefix = "pattern-" + UUID.randomUUID().toString().substring(0, 8);
        try (Producer<String, String> producer = producer(Map.of());
             Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                 ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500)))
        {
            producer.send(new ProducerRecord<>(prefix + "-a", "a")).get();
            producer.send(new ProducerRecord<>(prefix + "-b", "b")).get();
            producer.send(new ProducerRecord<>("other-" + prefix, "not matched")).get();
            consumer.subscribe(java.util.regex.Pattern.compile(prefix + "-.*"));
            // Dafka difference: topics are learnt from live producers' HEADs, so the producer stays open here.
            final List<String> values = values(pollAtLeast(consumer, 2));
            assertThat(values).containsExactlyInAnyOrder("a", "b");
            assertThat(consumer.subscription()).containsExactlyInAnyOrder(prefix + "-a", prefix + "-b");
        }
    }

    @Test
    void shouldSeekAndReportPositions() throws Exception
    {
        final String topic = topic();
        final TopicPartition partition = produce(topic, 10);
        try (Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))
        {
            consumer.assign(List.of(partition));
            assertThat(values(pollAtLeast(consumer, 10))).hasSize(10);
            assertThat(consumer.position(partition)).isEqualTo(10);
            consumer.seek(partition, 7);
            assertThat(consumer.position(partition)).isEqualTo(7);
            assertThat(values(pollAtLeast(consumer, 3))).containsExactly("v7", "v8", "v9");
            consumer.seekToBeginning(List.of(partition));
            assertThat(values(pollAtLeast(consumer, 10)).get(0)).isEqualTo("v0");
            assertThat(consumer.endOffsets(List.of(partition))).containsEntry(partition, 10L);
            assertThat(consumer.beginningOffsets(List.of(partition))).containsEntry(partition, 0L);
        }
    }

    @Test
    void shouldFindTheFirstOffsetAtOrAfterATimestamp() throws Exception
    {
        final String topic = topic();
        final long base = System.currentTimeMillis() - 60_000;
        final TopicPartition partition;
        try (Producer<String, String> producer = producer(Map.of()))
        {
            for (int i = 0; i < 9; i++)
            {
                producer.send(new ProducerRecord<>(topic, null, base + 10L * i, "k", "v" + i));
            }
            partition = new TopicPartition(topic, producer.send(
                new ProducerRecord<>(topic, null, base + 90, "k", "v9")).get().partition());
        }
        try (Consumer<String, String> consumer = consumer(Map.of()))
        {
            awaitEndOffset(consumer, partition, 10);
            final Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> found =
                consumer.offsetsForTimes(Map.of(partition, base + 35));
            assertThat(found.get(partition).offset()).isEqualTo(4);
            assertThat(found.get(partition).timestamp()).isEqualTo(base + 40);
            assertThat(consumer.offsetsForTimes(Map.of(partition, base)).get(partition).offset()).isZero();
            assertThat(consumer.offsetsForTimes(Map.of(partition, base + 1000)).get(partition)).isNull();
            assertThatThrownBy(() -> consumer.offsetsForTimes(Map.of(partition, -1L)))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldReturnNothingFromAPausedPartitionUntilResumed() throws Exception
    {
        final String topic = topic();
        final TopicPartition partition = produce(topic, 5);
        try (Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))
        {
            consumer.assign(List.of(partition));
            assertThat(consumer.position(partition, WAIT)).isZero();
            consumer.pause(List.of(partition));
            assertThat(consumer.paused()).containsExactly(partition);
            assertThat(consumer.poll(Duration.ofMillis(500)).isEmpty()).isTrue();
            consumer.resume(List.of(partition));
            assertThat(values(pollAtLeast(consumer, 5))).containsExactly("v0", "v1", "v2", "v3", "v4");
        }
    }

    @Test
    void shouldReturnRecordsFromTheSeekedOffsetOnTheNextPollAfterRecordsWereBuffered() throws Exception
    {
        final TopicPartition partition = produce(topic(), 1000);
        try (Consumer<String, String> consumer = fivePerPoll(partition))
        {
            assertConsecutiveFrom(pollAtLeast(consumer, 10), 0);

            consumer.seek(partition, 2);
            assertConsecutiveFrom(nextRecords(consumer), 2);
            consumer.seek(partition, 900);
            final List<ConsumerRecord<String, String>> next = nextRecords(consumer);
            assertConsecutiveFrom(next, 900);
            assertThat(consumer.position(partition)).isEqualTo(900 + next.size());
        }
    }

    @Test
    void shouldReturnNothingFromAPausedPartitionThatHadBufferedRecords() throws Exception
    {
        final TopicPartition partition = produce(topic(), 1000);
        try (Consumer<String, String> consumer = fivePerPoll(partition))
        {
            final List<ConsumerRecord<String, String>> consumed = pollAtLeast(consumer, 5);
            assertConsecutiveFrom(consumed, 0);
            consumer.pause(List.of(partition));
            for (int i = 0; i < 5; i++)
            {
                assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).as("paused").isTrue();
            }
            assertThat(consumer.position(partition)).isEqualTo(consumed.size());
        }
    }

    @Test
    void shouldResumeAPausedPartitionAtItsPosition() throws Exception
    {
        final TopicPartition partition = produce(topic(), 1000);
        try (Consumer<String, String> consumer = fivePerPoll(partition))
        {
            final int consumed = pollAtLeast(consumer, 5).size();
            consumer.pause(List.of(partition));
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).isTrue();
            consumer.resume(List.of(partition));
            final List<ConsumerRecord<String, String>> rest = pollAtLeast(consumer, 1000 - consumed);
            assertThat(rest).hasSize(1000 - consumed);
            assertConsecutiveFrom(rest, consumed);
        }
    }

    @Test
    void shouldStartAtTheSeekedOffsetWhenAPartitionSoughtWhilePausedIsResumed() throws Exception
    {
        final TopicPartition partition = produce(topic(), 200);
        try (Consumer<String, String> consumer = fivePerPoll(partition))
        {
            assertConsecutiveFrom(pollAtLeast(consumer, 5), 0);
            consumer.pause(List.of(partition));
            consumer.seek(partition, 100);
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).as("still paused").isTrue();
            consumer.resume(List.of(partition));
            assertConsecutiveFrom(nextRecords(consumer), 100);

            consumer.seek(partition, 50);
            consumer.pause(List.of(partition));
            assertThat(consumer.position(partition)).isEqualTo(50);
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).as("paused after the seek").isTrue();
            consumer.resume(List.of(partition));
            assertConsecutiveFrom(nextRecords(consumer), 50);
        }
    }

    @Test
    void shouldNotReturnRecordsOfAPartitionUnassignedWhileTheyWereBuffered() throws Exception
    {
        final TopicPartition kept = produce(topic(), 300);
        final TopicPartition dropped = produce(topic(), 300);
        try (Consumer<String, String> consumer = fivePerPoll(kept, dropped))
        {
            final List<ConsumerRecord<String, String>> before = new ArrayList<>();
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (before.stream().noneMatch(record -> record.topic().equals(dropped.topic())) &&
                System.nanoTime() < deadline)
            {
                consumer.poll(Duration.ofMillis(100)).forEach(before::add);
            }
            assertThat(before).extracting(ConsumerRecord::topic).contains(dropped.topic());

            consumer.assign(List.of(kept));
            final List<ConsumerRecord<String, String>> after = new ArrayList<>();
            final long keptSoFar = before.stream().filter(record -> record.topic().equals(kept.topic())).count();
            for (int quietPolls = 0; quietPolls < 5 && System.nanoTime() < deadline; )
            {
                final int got = after.size();
                consumer.poll(Duration.ofMillis(100)).forEach(after::add);
                quietPolls = after.size() == got && after.size() >= 300 - keptSoFar ? quietPolls + 1 : 0;
            }
            assertThat(after).extracting(ConsumerRecord::topic).doesNotContain(dropped.topic());
            final List<Long> keptOffsets = new ArrayList<>();
            before.stream().filter(record -> record.topic().equals(kept.topic()))
                .forEach(record -> keptOffsets.add(record.offset()));
            keptOffsets.addAll(offsets(after));
            assertThat(keptOffsets).as("the kept partition, each record once").hasSize(300).isSorted()
                .doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldWakeUpABlockedPollFromAnotherThread() throws Exception
    {
        final String topic = topic();
        produce(topic, 1);
        try (Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")))
        {
            consumer.subscribe(List.of(topic));
            final CompletableFuture<Void> woken = new CompletableFuture<>();
            final Thread poller = new Thread(() ->
            {
                try
                {
                    consumer.poll(Duration.ofSeconds(60));
                    woken.completeExceptionally(new AssertionError("poll returned without a wakeup"));
                }
                catch (final WakeupException expected)
                {
                    woken.complete(null);
                }
            });
            poller.start();
            consumer.wakeup();
            woken.get(30, TimeUnit.SECONDS);
            poller.join();
        }
    }

    @Test
    void shouldResumeFromTheCommittedOffsetAfterARestartWithTheSameGroup() throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        final TopicPartition partition = produce(topic, 6);
        final Map<String, Object> settings = Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (Consumer<String, String> consumer = consumer(settings))
        {
            consumer.subscribe(List.of(topic));
            assertThat(values(pollAtLeast(consumer, 6))).hasSize(6);
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(4, "four")));
            assertThat(consumer.committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(4, "four"));
        }
        try (Consumer<String, String> restarted = consumer(settings))
        {
            restarted.subscribe(List.of(topic));
            assertThat(values(pollAtLeast(restarted, 2))).containsExactly("v4", "v5");
            assertThat(restarted.committed(Set.of(partition)).get(partition).offset()).isEqualTo(4);
        }
    }

    @Test
    void shouldReturnTheGroupsCommittedOffsetsToAConsumerThatSharesNoFileWithTheCommitter() throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        final TopicPartition partition = produce(topic, 6);
        try (Consumer<String, String> committer = consumer(onAHostOfItsOwn(group)))
        {
            committer.subscribe(List.of(topic));
            assertThat(values(pollAtLeast(committer, 6))).hasSize(6);
            committer.commitSync(Map.of(partition, new OffsetAndMetadata(4, "four")));
        }
        try (Consumer<String, String> elsewhere = consumer(onAHostOfItsOwn(group)))
        {
            elsewhere.subscribe(List.of(topic));
            assertThat(values(pollAtLeast(elsewhere, 2))).containsExactly("v4", "v5");
            assertThat(elsewhere.committed(Set.of(partition))).containsEntry(partition, new OffsetAndMetadata(4, "four"));
        }
    }

    /**
     * Settings of a consumer of {@code group} that shares no file with any other: on Dafka its offsets are kept by
     * the stores and its local offsets directory is one no other consumer uses (as on another host).
     */
    Map<String, Object> onAHostOfItsOwn(final String group)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (isDafka())
        {
            settings.put("dafka.consumer.offsets.storage", "stores");
            settings.put("dafka.offsets.dir", Path.of(System.getProperty("java.io.tmpdir"), "dafka-host-" +
                UUID.randomUUID()).toString()); // never created: nothing is written there with the stores
        }
        return settings;
    }

    @Test
    void shouldRefuseCommitsWithoutAGroupId() throws Exception
    {
        final TopicPartition partition = produce(topic(), 1);
        try (Consumer<String, String> consumer = consumerWithoutGroup(Map.of()))
        {
            consumer.assign(List.of(partition));
            assertThatThrownBy(consumer::commitSync).isInstanceOf(InvalidGroupIdException.class);
            assertThatThrownBy(() -> consumer.committed(Set.of(partition))).isInstanceOf(InvalidGroupIdException.class);
            assertThatThrownBy(() -> consumer.subscribe(List.of("t"))).isInstanceOf(InvalidGroupIdException.class);
        }
    }

    @Test
    void shouldReturnEmptyAfterThePollTimeoutWhenNothingArrives() throws Exception
    {
        final TopicPartition partition = produce(topic(), 1);
        try (Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))
        {
            consumer.assign(List.of(partition));
            pollAtLeast(consumer, 1);
            final long start = System.nanoTime();
            final ConsumerRecords<String, String> none = consumer.poll(Duration.ofMillis(300));
            assertThat(none.isEmpty()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void shouldRefuseUseAfterCloseAndAllowClosingTwice() throws Exception
    {
        final Producer<String, String> producer = producer(Map.of());
        producer.close();
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic(), "late")))
            .isInstanceOf(IllegalStateException.class);
        producer.close();

        final Consumer<String, String> consumer = consumer(Map.of());
        consumer.close();
        assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        consumer.close();
    }

    @Test
    void shouldDetectConcurrentUseOfAConsumer() throws Exception
    {
        final String topic = topic();
        produce(topic, 1);
        try (Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")))
        {
            consumer.subscribe(List.of(topic));
            // Two threads use the consumer at once: whichever loses the race must get the exception.
            final CompletableFuture<Boolean> pollerDetected = new CompletableFuture<>();
            final Thread poller = new Thread(() ->
            {
                try
                {
                    consumer.poll(Duration.ofSeconds(60));
                    pollerDetected.complete(false);
                }
                catch (final java.util.ConcurrentModificationException detected)
                {
                    pollerDetected.complete(true);
                }
                catch (final WakeupException ended)
                {
                    pollerDetected.complete(false);
                }
            });
            poller.start();
            boolean detected = false;
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (!detected && !pollerDetected.isDone() && System.nanoTime() < deadline)
            {
                try
                {
                    consumer.assignment();
                }
                catch (final java.util.ConcurrentModificationException expected)
                {
                    detected = true;
                }
            }
            consumer.wakeup();
            poller.join();
            assertThat(detected || pollerDetected.get()).as("concurrent use detected in one of the threads").isTrue();
        }
    }

    @Test
    void shouldRejectBadConfigurationNamingTheKey()
    {
        assertThatThrownBy(() -> producer(Map.of(ProducerConfig.ACKS_CONFIG, "2")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(ProducerConfig.ACKS_CONFIG);
        assertThatThrownBy(() -> consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "sometimes")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        assertThatThrownBy(() -> consumer(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 0)))
            .isInstanceOf(ConfigException.class).hasMessageContaining(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        if (isDafka())
        {
            // Dafka difference: transactions and encryption are refused up front, naming the key.
            assertThatThrownBy(() -> producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
            assertThatThrownBy(() -> consumer(Map.of("dafka.no.such.key", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.no.such.key");
        }
    }

    @Test
    void shouldFailAtConstructionWhenNoBootstrapServerResolves()
    {
        // Kafka resolves bootstrap.servers while building a client and refuses one whose hosts all fail to resolve
        // (".invalid" never resolves, RFC 6761); it wraps that ConfigException in "Failed to construct ...".
        final Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "no-such-host.invalid:9092");
        settings.put(KafkaClientFactory.TRANSPORT_CONFIG, isDafka() ? "dafka" : "kafka");
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        assertThatThrownBy(() -> KafkaClientFactory.producer(settings).close())
            .satisfies(thrown -> assertConfigErrorNaming(thrown, ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertThatThrownBy(() -> KafkaClientFactory.consumer(settings).close())
            .satisfies(thrown -> assertConfigErrorNaming(thrown, ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void shouldSplitTheGroupsPartitionsAmongItsMembersAndProcessEachRecordOnce() throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        try (PartitionedProducers producers = new PartitionedProducers(topic, 3);
             Consumer<String, String> first = consumer(groupMember(group));
             Consumer<String, String> second = consumer(groupMember(group)))
        {
            producers.sendToEach(10, "a");
            first.subscribe(List.of(topic), new CommitOnRevoke(first));
            second.subscribe(List.of(topic), new CommitOnRevoke(second));
            final Map<String, Consumer<String, String>> members = Map.of("first", first, "second", second);
            final List<ConsumerRecord<String, String>> received = new ArrayList<>();
            pollMembersUntil(members, 30).values().forEach(received::addAll);
            awaitSplit(members.values(), 3);

            assertThat(received).as("every record once").hasSize(30);
            assertThat(received.stream().map(record -> record.partition() + "@" + record.offset()).distinct())
                .hasSize(30);
            assertThat(first.assignment()).isNotEmpty().doesNotContainAnyElementsOf(second.assignment());
            assertThat(second.assignment()).isNotEmpty();
            assertThat(first.groupMetadata().generationId()).as("a real generation").isPositive();
            assertThat(first.groupMetadata().memberId()).isNotEmpty()
                .isNotEqualTo(second.groupMetadata().memberId());
        }
    }

    @Test
    void shouldHandThePartitionsOfAClosedMemberToTheOthersAtItsCommittedOffsets() throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        try (PartitionedProducers producers = new PartitionedProducers(topic, 3);
             Consumer<String, String> staying = consumer(groupMember(group)))
        {
            producers.sendToEach(10, "a");
            try (Consumer<String, String> leaving = consumer(groupMember(group)))
            {
                staying.subscribe(List.of(topic), new CommitOnRevoke(staying));
                leaving.subscribe(List.of(topic), new CommitOnRevoke(leaving));
                pollMembersUntil(Map.of("staying", staying, "leaving", leaving), 30);
                awaitSplit(List.of(staying, leaving), 3);
                staying.commitSync();
                leaving.commitSync();
            }
            producers.sendToEach(10, "b");
            final List<ConsumerRecord<String, String>> after = pollMembersUntil(Map.of("staying", staying), 30)
                .get("staying");

            assertThat(after).as("the rest of every partition, once, from the committed offsets").hasSize(30)
                .allSatisfy(record -> assertThat(record.offset()).isBetween(10L, 19L))
                .allSatisfy(record -> assertThat(record.value()).startsWith("b"));
            assertThat(partitionsOf(after)).hasSize(3);
        }
    }

    @Test
    void shouldCommitTheConsumedPositionsBeforeARebalanceTakesPartitionsAwayWithAutoCommit() throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        final Map<String, Object> autoCommit = groupMember(group);
        autoCommit.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        autoCommit.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 600_000); // never by the interval here
        try (PartitionedProducers producers = new PartitionedProducers(topic, 2);
             Consumer<String, String> first = consumer(autoCommit))
        {
            producers.sendToEach(5, "a");
            first.subscribe(List.of(topic));
            assertThat(pollMembersUntil(Map.of("first", first), 10).get("first")).hasSize(10);
            try (Consumer<String, String> second = consumer(autoCommit))
            {
                second.subscribe(List.of(topic));
                awaitSplit(List.of(first, second), 2); // fails on any record: the new owner starts past the a's
                producers.sendToEach(1, "b");
                final List<ConsumerRecord<String, String>> after = new ArrayList<>();
                pollMembersUntil(Map.of("first", first, "second", second), 2).values().forEach(after::addAll);

                assertThat(values(after)).as("each partition's new record once, none read again")
                    .containsExactly("b0", "b0");
            }
        }
    }

    @Test
    void shouldCallTheListenerOfAnEagerAssignorAsKafkaDoes() throws Exception
    {
        assertThat(callbacksOfAMemberWhileAnotherJoinsAndLeaves(
            org.apache.kafka.clients.consumer.RangeAssignor.class))
            .containsExactly("assigned 2", "revoked 2", "assigned 1", "revoked 1", "assigned 2");
    }

    @Test
    void shouldCallTheListenerOfACooperativeAssignorAsKafkaDoes() throws Exception
    {
        // Incremental: only what moves is revoked, and what is added is assigned. How many rebalances change nothing
        // for this member (each one calling onPartitionsAssigned with nothing) depends on timing, on Kafka too.
        assertThat(callbacksOfAMemberWhileAnotherJoinsAndLeaves(
            org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class))
            .filteredOn(callback -> !callback.equals("assigned 0"))
            .containsExactly("assigned 2", "revoked 1", "assigned 1");
    }

    /**
     * The rebalance callbacks ("kind size") a member hears while it is alone on a topic of two partitions, then
     * shares it with a second member, then is alone again when the second closes.
     */
    private List<String> callbacksOfAMemberWhileAnotherJoinsAndLeaves(final Class<?> assignor) throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        final Map<String, Object> settings = groupMember(group);
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());
        final List<String> callbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PartitionedProducers producers = new PartitionedProducers(topic, 2);
             Consumer<String, String> member = consumer(settings))
        {
            producers.sendToEach(1, "a");
            member.subscribe(List.of(topic), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener()
            {
                @Override
                public void onPartitionsRevoked(final java.util.Collection<TopicPartition> partitions)
                {
                    callbacks.add("revoked " + partitions.size());
                }

                @Override
                public void onPartitionsAssigned(final java.util.Collection<TopicPartition> partitions)
                {
                    callbacks.add("assigned " + partitions.size());
                }

                @Override
                public void onPartitionsLost(final java.util.Collection<TopicPartition> partitions)
                {
                    callbacks.add("lost " + partitions.size());
                }
            });
            awaitSplit(List.of(member), 2, false);
            try (Consumer<String, String> other = consumer(settings))
            {
                other.subscribe(List.of(topic));
                awaitSplit(List.of(member, other), 2, false);
            }
            awaitSplit(List.of(member), 2, false);
            return List.copyOf(callbacks);
        }
    }

    @Test
    void shouldReplaceAMemberThatStopsPollingAndFailItsNextCommitsReportingAsyncOnesInCommitOrder() throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        final Map<String, Object> slowSettings = groupMember(group);
        slowSettings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 3_000);
        final List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final org.apache.kafka.clients.consumer.OffsetCommitCallback recording = (offsets, failure) ->
            outcomes.add(failure == null ? "committed" : failure.getClass().getSimpleName());
        try (PartitionedProducers producers = new PartitionedProducers(topic, 2);
             Consumer<String, String> slow = consumer(slowSettings);
             Consumer<String, String> polling = consumer(groupMember(group)))
        {
            producers.sendToEach(1, "a");
            slow.subscribe(List.of(topic));
            polling.subscribe(List.of(topic));
            awaitSplit(List.of(slow, polling), 2, false);
            final Map<TopicPartition, OffsetAndMetadata> itsOwn = firstOffsetOfEach(slow.assignment());
            slow.commitAsync(itsOwn, recording);

            // slow stops polling: the group goes on without it once max.poll.interval.ms has passed
            awaitSplit(List.of(polling), 2, false);
            slow.commitAsync(itsOwn, recording);
            assertThatThrownBy(() -> slow.commitSync(itsOwn)).isInstanceOf(CommitFailedException.class);

            assertThat(outcomes).containsExactly("committed", "CommitFailedException");
        }
    }

    @Test
    void shouldAssignAPartitionThatAppearsAfterTheGroupSettledToExactlyOneMember() throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        final Map<String, Object> settings = groupMember(group);
        settings.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000); // how soon Kafka's consumers see the partition
        try (PartitionedProducers producers = new PartitionedProducers(topic, 2);
             Consumer<String, String> first = consumer(settings);
             Consumer<String, String> second = consumer(settings))
        {
            producers.sendToEach(5, "a");
            first.subscribe(List.of(topic), new CommitOnRevoke(first));
            second.subscribe(List.of(topic), new CommitOnRevoke(second));
            final Map<String, Consumer<String, String>> members = Map.of("first", first, "second", second);
            pollMembersUntil(members, 10);
            awaitSplit(members.values(), 2);
            final Set<TopicPartition> before = new java.util.HashSet<>(first.assignment());
            before.addAll(second.assignment());

            producers.addPartition();
            producers.sendTo(2, 10, "c");
            final List<ConsumerRecord<String, String>> received = new ArrayList<>();
            pollMembersUntil(members, 10).values().forEach(received::addAll);
            awaitSplit(members.values(), 3, false);

            assertThat(received).as("the new partition's records, each once, and nothing again").hasSize(10)
                .allSatisfy(record -> assertThat(record.value()).startsWith("c"));
            assertThat(partitionsOf(received)).singleElement()
                .satisfies(partition -> assertThat(before).doesNotContain(partition));
            assertThat(offsets(received)).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldAssignATopicThatStartsToMatchAPatternAfterTheGroupSettledToExactlyOneMember() throws Exception
    {
        final String prefix = topic();
        final String group = "group-" + UUID.randomUUID();
        final Map<String, Object> settings = groupMember(group);
        settings.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000); // how soon Kafka's consumers see the topic
        final Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "-.*");
        try (PartitionedProducers existing = new PartitionedProducers(prefix + "-a", 2);
             Consumer<String, String> first = consumer(settings);
             Consumer<String, String> second = consumer(settings))
        {
            existing.sendToEach(5, "a");
            first.subscribe(pattern, new CommitOnRevoke(first));
            second.subscribe(pattern, new CommitOnRevoke(second));
            final Map<String, Consumer<String, String>> members = Map.of("first", first, "second", second);
            pollMembersUntil(members, 10);
            awaitSplit(members.values(), 2);

            try (PartitionedProducers appearing = new PartitionedProducers(prefix + "-b", 1))
            {
                appearing.sendToEach(10, "b");
                final List<ConsumerRecord<String, String>> received = new ArrayList<>();
                pollMembersUntil(members, 10).values().forEach(received::addAll);
                awaitSplit(members.values(), 3, false);

                assertThat(received).as("the new topic's records, each once, and nothing again").hasSize(10)
                    .allSatisfy(record -> assertThat(record.topic()).isEqualTo(prefix + "-b"));
                assertThat(offsets(received)).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void shouldLetAStaticMemberThatRestartsWithinTheSessionTimeoutKeepItsPartitionsWithoutARebalance()
        throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        final Map<String, Object> first = groupMember(group);
        first.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "first");
        final Map<String, Object> second = groupMember(group);
        second.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "second");
        final List<List<TopicPartition>> revocations = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PartitionedProducers producers = new PartitionedProducers(topic, 2);
             Consumer<String, String> staying = consumer(second))
        {
            producers.sendToEach(1, "a");
            final Set<TopicPartition> before;
            try (Consumer<String, String> restarting = consumer(first))
            {
                restarting.subscribe(List.of(topic));
                staying.subscribe(List.of(topic), new RecordingListener(revocations));
                awaitSplit(List.of(restarting, staying), 2, false);
                before = restarting.assignment();
            }
            revocations.clear();
            try (Consumer<String, String> restarted = consumer(first))
            {
                restarted.subscribe(List.of(topic));
                awaitSplit(List.of(restarted, staying), 2, false);
                assertThat(restarted.assignment()).isEqualTo(before);
            }
            assertThat(revocations).as("the other member saw no rebalance").isEmpty();
        }
    }

    @Test
    void shouldHandTheKilledMembersPartitionsToTheSurvivorWithinTheSessionTimeoutAtItsLastCommits(
        @TempDir final Path directory) throws Exception
    {
        final String topic = topic();
        final String group = "group-" + UUID.randomUUID();
        final Path childSettings = directory.resolve("member.properties");
        final Map<String, Object> settings = new HashMap<>(transportConfig());
        settings.putAll(failoverMember(group));
        writeProperties(childSettings, settings);
        final Map<Integer, List<Long>> survivorGot = new TreeMap<>();
        try (PartitionedProducers producers = new PartitionedProducers(topic, FAILOVER_PARTITIONS);
             ChildJvm child = ChildJvm.start(GroupMemberChild.class, childSettings.toString(), topic, group);
             Consumer<String, String> survivor = consumer(failoverMember(group)))
        {
            producers.sendToEach(10, "a");
            while (childOutput(child).committed().values().stream().filter(offset -> offset == 10).count() <
                FAILOVER_PARTITIONS)
            {
                child.awaitLine("COMMITTED ", Duration.ofSeconds(60)); // alone, it reads and commits every record
            }

            survivor.subscribe(List.of(topic), new CommitOnRevoke(survivor)); // as the child, it loses nothing
            pollUntil(survivor, survivorGot, "the group split the partitions", () ->
            {
                final Set<Integer> childOwns = childOutput(child).assigned();
                final Set<Integer> survivorOwns = numbers(survivor.assignment());
                return !childOwns.isEmpty() && !survivorOwns.isEmpty() &&
                    java.util.Collections.disjoint(childOwns, survivorOwns) &&
                    childOwns.size() + survivorOwns.size() == FAILOVER_PARTITIONS;
            });
            final Set<Integer> childOwns = childOutput(child).assigned();
            final Set<Integer> survivorOwns = numbers(survivor.assignment());
            assertThat(survivorGot).as("the survivor starts at the child's commits: nothing again").isEmpty();

            // both members read and commit; then the child stops committing and reads on: it dies with records read
            // after its last commit, so only those may be read again, and the last commits are known exactly
            producers.sendToEach(10, "b");
            pollUntil(survivor, survivorGot, "the child committed offset 20 of each of its partitions", () ->
                received(survivorGot, survivorOwns, 20) && childOwns.stream().allMatch(partition ->
                    childOutput(child).committed().getOrDefault(partition, 0L) == 20));
            child.send(GroupMemberChild.STOP_COMMITTING);
            pollUntil(survivor, survivorGot, "the child stopped committing",
                () -> childOutput(child).stoppedCommitting());
            producers.sendToEach(10, "c");
            pollUntil(survivor, survivorGot, "the child received offset 29 of each of its partitions", () ->
                received(survivorGot, survivorOwns, 30) && childOwns.stream().allMatch(partition ->
                    childOutput(child).received(partition).contains(29L)));
            assertThat(childOutput(child).assigned()).as("the child's partitions at the kill").isEqualTo(childOwns);
            assertThat(numbers(survivor.assignment())).isEqualTo(survivorOwns);

            final long killedAt = System.nanoTime();
            child.kill();
            pollUntil(survivor, survivorGot, "the survivor owns every partition",
                () -> survivor.assignment().size() == FAILOVER_PARTITIONS);
            final long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.println(getClass().getSimpleName() + ": the survivor owned every partition " + failoverMs +
                " ms after the SIGKILL (session.timeout.ms " + FAILOVER_SESSION_MS + ")");
            assertThat(failoverMs).as("within the session timeout plus slack for a busy machine")
                .isLessThan(FAILOVER_SESSION_MS + 15_000L);

            producers.sendToEach(10, "d");
            final Set<Integer> all = new java.util.TreeSet<>(childOwns);
            all.addAll(survivorOwns);
            pollUntil(survivor, survivorGot, "the survivor read every partition to its end",
                () -> received(survivorGot, all, 40));
            final long[] polls = {0};
            pollUntil(survivor, survivorGot, "a little longer: a record read twice would show now",
                () -> polls[0]++ == 10);

            final GroupMemberChild.Output killed = GroupMemberChild.Output.of(child.allLines());
            for (final int partition : childOwns)
            {
                final long lastCommit = killed.committed().get(partition);
                assertThat(lastCommit).as("the child's last commit of %s", partition).isEqualTo(20);
                assertThat(killed.received(partition)).as("the child also read records after its last commit")
                    .containsExactlyElementsOf(range(0, 30));
                assertThat(survivorGot.get(partition)).as("partition %s resumes at the killed member's last commit, " +
                    "and each record once from there", partition).containsExactlyElementsOf(range(lastCommit, 40));
            }
            for (final int partition : survivorOwns)
            {
                assertThat(survivorGot.get(partition)).as("partition %s of the survivor from the child's commit " +
                    "at the split", partition).containsExactlyElementsOf(range(10, 40));
                assertThat(killed.received(partition)).containsExactlyElementsOf(range(0, 10));
            }
            assertThat(survivorGot.keySet()).isEqualTo(all);
        }
    }

    /** Writes {@code settings} to {@code file} as a properties file, for a child JVM. */
    private static void writeProperties(final Path file, final Map<String, Object> settings) throws Exception
    {
        final Properties properties = new Properties();
        settings.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        try (java.io.Writer writer = java.nio.file.Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            properties.store(writer, null);
        }
    }

    /** A member of {@code group} for the failover scenario: the stores keep its commits on Dafka. */
    private Map<String, Object> failoverMember(final String group)
    {
        final Map<String, Object> settings = onAHostOfItsOwn(group);
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, FAILOVER_SESSION_MS);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        return settings;
    }

    private static GroupMemberChild.Output childOutput(final ChildJvm child)
    {
        return GroupMemberChild.Output.of(child.linesSoFar());
    }

    /**
     * Polls {@code consumer}, adding the offsets it returns by partition number to {@code got}, until {@code done}
     * (checked before each poll) or a minute passed, which fails naming {@code what}.
     */
    private static void pollUntil(final Consumer<String, String> consumer, final Map<Integer, List<Long>> got,
        final String what, final java.util.function.BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("within a minute: %s; the survivor received %s", what, got)
                .isLessThan(deadline);
            for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100)))
            {
                got.computeIfAbsent(record.partition(), any -> new ArrayList<>()).add(record.offset());
            }
        }
    }

    /** Whether {@code got} holds, for every partition of {@code partitions}, offsets up to {@code end} - 1. */
    private static boolean received(final Map<Integer, List<Long>> got, final Set<Integer> partitions,
        final long end)
    {
        return partitions.stream().allMatch(partition -> got.getOrDefault(partition, List.of()).contains(end - 1));
    }

    private static Set<Integer> numbers(final Set<TopicPartition> partitions)
    {
        final Set<Integer> numbers = new java.util.TreeSet<>();
        partitions.forEach(partition -> numbers.add(partition.partition()));
        return numbers;
    }

    private static List<Long> range(final long from, final long to)
    {
        return java.util.stream.LongStream.range(from, to).boxed().toList();
    }

    // ---------------------------------------------------------------- helpers

    /** Settings of a member of consumer group {@code group} that shares the partitions with the others. */
    Map<String, Object> groupMember(final String group)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        return settings;
    }

    /** Polls every member in turn until they received {@code count} records together; the records by member. */
    static Map<String, List<ConsumerRecord<String, String>>> pollMembersUntil(
        final Map<String, Consumer<String, String>> members, final int count)
    {
        final Map<String, List<ConsumerRecord<String, String>>> received = new HashMap<>();
        members.keySet().forEach(name -> received.put(name, new ArrayList<>()));
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.values().stream().mapToInt(List::size).sum() < count && System.nanoTime() < deadline)
        {
            members.forEach((name, member) -> member.poll(Duration.ofMillis(50)).forEach(received.get(name)::add));
        }
        // a little longer: a record processed twice would show now
        for (int i = 0; i < 10; i++)
        {
            members.forEach((name, member) -> member.poll(Duration.ofMillis(50)).forEach(received.get(name)::add));
        }
        return received;
    }

    /** Polls the members until their assignments split {@code partitions} partitions among all of them. */
    static void awaitSplit(final java.util.Collection<Consumer<String, String>> members, final int partitions)
    {
        awaitSplit(members, partitions, true);
    }

    /** As {@link #awaitSplit(java.util.Collection, int)}, failing on a record polled only if {@code noRecords}. */
    static void awaitSplit(final java.util.Collection<Consumer<String, String>> members, final int partitions,
        final boolean noRecords)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!split(members, partitions) && System.nanoTime() < deadline)
        {
            members.forEach(member -> assertThat(member.poll(Duration.ofMillis(50)).isEmpty() || !noRecords)
                .as("no record left").isTrue());
        }
        assertThat(split(members, partitions)).as("assignments split the partitions").isTrue();
    }

    private static boolean split(final java.util.Collection<Consumer<String, String>> members, final int partitions)
    {
        final List<TopicPartition> all = new ArrayList<>();
        members.forEach(member -> all.addAll(member.assignment()));
        return all.size() == partitions && Set.copyOf(all).size() == partitions &&
            members.stream().noneMatch(member -> member.assignment().isEmpty());
    }

    /**
     * Offset 1 of each partition: explicit offsets, as a member whose assignment Kafka cleared on leaving the group
     * would commit nothing (and succeed) with its positions.
     */
    static Map<TopicPartition, OffsetAndMetadata> firstOffsetOfEach(final Set<TopicPartition> partitions)
    {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach(partition -> offsets.put(partition, new OffsetAndMetadata(1)));
        return offsets;
    }

    /** Commits the consumed positions when partitions are revoked, as applications do. */
    static final class CommitOnRevoke implements org.apache.kafka.clients.consumer.ConsumerRebalanceListener
    {
        private final Consumer<String, String> consumer;

        CommitOnRevoke(final Consumer<String, String> consumer)
        {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(final java.util.Collection<TopicPartition> partitions)
        {
            consumer.commitSync();
        }

        @Override
        public void onPartitionsAssigned(final java.util.Collection<TopicPartition> partitions)
        {
        }
    }

    static Set<TopicPartition> partitionsOf(final List<ConsumerRecord<String, String>> records)
    {
        final Set<TopicPartition> partitions = new java.util.HashSet<>();
        records.forEach(record -> partitions.add(new TopicPartition(record.topic(), record.partition())));
        return partitions;
    }

    /**
     * A topic with {@code count} partitions and a way to send to each: on Dafka one producer per partition (each
     * producer owns one); on Kafka a topic created with that many partitions and explicit partition numbers.
     */
    final class PartitionedProducers implements AutoCloseable
    {
        private final String topic;
        private final List<Producer<String, String>> producers = new ArrayList<>();
        private int count;

        PartitionedProducers(final String topic, final int count) throws Exception
        {
            this.topic = topic;
            this.count = count;
            if (isDafka())
            {
                for (int i = 0; i < count; i++)
                {
                    producers.add(producer(Map.of()));
                }
            }
            else
            {
                try (org.apache.kafka.clients.admin.Admin admin =
                         org.apache.kafka.clients.admin.Admin.create(transportConfig()))
                {
                    admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, count, (short)1)))
                        .all().get(30, TimeUnit.SECONDS);
                }
                producers.add(producer(Map.of()));
            }
        }

        /** One partition more: on Dafka a new producer, on Kafka {@code createPartitions}. */
        void addPartition() throws Exception
        {
            if (isDafka())
            {
                producers.add(producer(Map.of()));
            }
            else
            {
                try (org.apache.kafka.clients.admin.Admin admin =
                         org.apache.kafka.clients.admin.Admin.create(transportConfig()))
                {
                    admin.createPartitions(Map.of(topic,
                        org.apache.kafka.clients.admin.NewPartitions.increaseTo(count + 1)))
                        .all().get(30, TimeUnit.SECONDS);
                }
            }
            count++;
        }

        /** Sends {@code perPartition} records "{label}{i}" to every partition and waits for their acknowledgement. */
        void sendToEach(final int perPartition, final String label) throws Exception
        {
            for (int p = 0; p < count; p++)
            {
                sendTo(p, perPartition, label);
            }
        }

        /** Sends {@code records} records "{label}{i}" to the {@code index}th partition, acknowledged. */
        void sendTo(final int index, final int records, final String label) throws Exception
        {
            for (int i = 0; i < records; i++)
            {
                final ProducerRecord<String, String> record = isDafka()
                    ? new ProducerRecord<>(topic, "k", label + i)
                    : new ProducerRecord<>(topic, index, "k", label + i);
                producers.get(isDafka() ? index : 0).send(record).get(30, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close()
        {
            producers.forEach(Producer::close);
        }
    }


    /** {@code thrown} is, or was caused by, a {@link ConfigException} naming {@code key}. */
    static void assertConfigErrorNaming(final Throwable thrown, final String key)
    {
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof ConfigException))
        {
            cause = cause.getCause();
        }
        assertThat(cause).as("a ConfigException in the causes of %s", thrown).isNotNull();
        assertThat(cause.getMessage()).contains(key);
    }

    Producer<String, String> producer(final Map<String, Object> overrides)
    {
        final Map<String, Object> settings = new HashMap<>(transportConfig());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.putAll(overrides);
        return KafkaClientFactory.producer(settings);
    }

    /** A consumer in a group of its own (Kafka requires a group to subscribe). */
    Consumer<String, String> consumer(final Map<String, Object> overrides)
    {
        final Map<String, Object> settings = new HashMap<>(overrides);
        settings.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, "group-" + UUID.randomUUID());
        // A lone member: a short heartbeat makes its group settle sooner (a new member listens a few heartbeats).
        settings.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 100);
        return consumerWithoutGroup(settings);
    }

    Consumer<String, String> consumerWithoutGroup(final Map<String, Object> overrides)
    {
        final Map<String, Object> settings = new HashMap<>(transportConfig());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.putAll(overrides);
        return KafkaClientFactory.consumer(settings);
    }

    /** An earliest consumer assigned {@code partitions} that returns at most 5 records a poll: the rest wait. */
    Consumer<String, String> fivePerPoll(final TopicPartition... partitions)
    {
        final Consumer<String, String> consumer = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5));
        consumer.assign(List.of(partitions));
        return consumer;
    }

    /** Produces "v0".."v{n-1}" to a new topic and returns its partition. */
    TopicPartition produce(final String topic, final int count) throws Exception
    {
        try (Producer<String, String> producer = producer(Map.of()))
        {
            final List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                sends.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            RecordMetadata last = null;
            for (final Future<RecordMetadata> send : sends)
            {
                last = send.get(30, TimeUnit.SECONDS);
            }
            return new TopicPartition(topic, last.partition());
        }
    }

    static List<ConsumerRecord<String, String>> pollAtLeast(final Consumer<String, String> consumer, final int count)
    {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (records.size() < count && System.nanoTime() < deadline)
        {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    /** The records of the next poll that returns any. */
    static List<ConsumerRecord<String, String>> nextRecords(final Consumer<String, String> consumer)
    {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (records.isEmpty() && System.nanoTime() < deadline)
        {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    static List<Long> offsets(final List<ConsumerRecord<String, String>> records)
    {
        return records.stream().map(ConsumerRecord::offset).toList();
    }

    /** {@code records} are not empty and their offsets run from {@code first} without a gap or a repeat. */
    static void assertConsecutiveFrom(final List<ConsumerRecord<String, String>> records, final long first)
    {
        assertThat(records).isNotEmpty();
        assertThat(offsets(records)).containsExactlyElementsOf(
            java.util.stream.LongStream.range(first, first + records.size()).boxed().toList());
    }

    static void awaitAssigned(final Consumer<String, String> consumer, final TopicPartition partition)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!consumer.assignment().contains(partition) && System.nanoTime() < deadline)
        {
            consumer.poll(Duration.ofMillis(100));
        }
        assertThat(consumer.assignment()).contains(partition);
    }

    static void awaitAnyAssignment(final Consumer<String, String> consumer)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline)
        {
            consumer.poll(Duration.ofMillis(100));
        }
        assertThat(consumer.assignment()).isNotEmpty();
    }

    /** Polls metadata until the end offset of {@code partition} is known to be {@code end}. */
    static void awaitEndOffset(final Consumer<String, String> consumer, final TopicPartition partition, final long end)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        consumer.assign(List.of(partition));
        while (consumer.endOffsets(List.of(partition)).get(partition) < end && System.nanoTime() < deadline)
        {
            consumer.poll(Duration.ofMillis(50));
        }
        assertThat(consumer.endOffsets(List.of(partition))).containsEntry(partition, end);
    }

    /** Records each revocation (as a list) and ignores assignments. */
    static final class RecordingListener implements org.apache.kafka.clients.consumer.ConsumerRebalanceListener
    {
        private final List<List<TopicPartition>> revocations;

        RecordingListener(final List<List<TopicPartition>> revocations)
        {
            this.revocations = revocations;
        }

        @Override
        public void onPartitionsRevoked(final java.util.Collection<TopicPartition> partitions)
        {
            if (!partitions.isEmpty())
            {
                revocations.add(List.copyOf(partitions));
            }
        }

        @Override
        public void onPartitionsAssigned(final java.util.Collection<TopicPartition> partitions)
        {
        }
    }

    /** The value of the consumer's metric {@code name} in {@code group} whose tags include {@code tags}. */
    static double metric(final Consumer<String, String> consumer, final String group, final String name,
        final Map<String, String> tags)
    {
        return consumer.metrics().entrySet().stream()
            .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name) &&
                e.getKey().tags().entrySet().containsAll(tags.entrySet()))
            .map(e -> ((Number)e.getValue().metricValue()).doubleValue())
            .findFirst().orElseThrow(() -> new AssertionError("no metric " + group + "/" + name + " " + tags));
    }

    static List<String> values(final List<ConsumerRecord<String, String>> records)
    {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    static String topic()
    {
        return "contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
