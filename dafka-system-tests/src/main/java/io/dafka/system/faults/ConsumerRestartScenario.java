package io.dafka.system.faults;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.ChildJvm;
import io.dafka.testing.Loopback;

/**
 * A consumer of a group (Kafka API, {@code commitSync} every {@code COMMIT_EVERY} records) runs in a child JVM and
 * is killed with SIGKILL mid-stream, while the producer still sends; a new consumer with the same {@code group.id} and offsets directory must start
 * exactly at the last committed offset: it redelivers only what the killed one received after its last commit, and
 * skips nothing. Duplicates within each consumer, or any beyond that rule, count as duplicated.
 */
public final class ConsumerRestartScenario implements Scenario
{
    private static final String TOPIC = "consumer-restart";
    private static final String GROUP = "restarting";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Override
    public String name()
    {
        return "consumer-restart";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        return measure(scale).figure();
    }

    Result measure(final Scale scale) throws Exception
    {
        final int count = scale.records(20_000, 1_000_000);
        final int commitEvery = scale.records(1_000, 10_000);
        final ExecutorService streamer = Executors.newSingleThreadExecutor();
        try (ScratchDirectory directory = new ScratchDirectory("dafka-consumer-restart");
            TowerNode tower = Loopback.startTower();
            InMemoryRecordStore records = new InMemoryRecordStore();
            StoreNode store = StoreNode.start(Loopback.nodeConfig(tower), records);
            Producer<Long, Long> producer = KafkaClientFactory.producer(
                KafkaSettings.producer(tower.subEndpoint(), tower.pubEndpoint()));
            AutoCloseable stopStreamer = streamer::shutdownNow)
        {
            final String offsets = directory.resolve("offsets").toString();
            final DeliveryAudit killedAudit = new DeliveryAudit(count);
            int partition = -1;
            long lastPrintedCommit = -1;
            final long killed;
            final long sentAtKill;
            final AtomicLong sent = new AtomicLong();
            try (ChildJvm consumer = ChildJvm.start(GroupConsumerProcess.class, tower.subEndpoint(),
                tower.pubEndpoint(), TOPIC, GROUP, offsets, Integer.toString(commitEvery)))
            {
                final Future<?> streaming = streamer.submit(() ->
                {
                    for (long sequence = 0; sequence < count; sequence++)
                    {
                        producer.send(new ProducerRecord<>(TOPIC, sequence));
                        sent.incrementAndGet();
                    }
                    producer.flush();
                });
                // Mid-stream and between two commits: past a third of the records, and once it has received half a
                // commit interval more than it last committed.
                long lastReceived = -1;
                while (lastPrintedCommit < count / 3 || lastReceived < lastPrintedCommit + commitEvery / 2)
                {
                    final String[] words = consumer.awaitLine("", WAIT.plusMillis(count / 10)).split(" ");
                    if (words[0].equals("COMMITTED"))
                    {
                        lastPrintedCommit = Long.parseLong(words[2]);
                    }
                    else if (words[0].equals("RECEIVED") && words.length > 2)
                    {
                        lastReceived = Long.parseLong(words[words.length - 1].split("-")[1]);
                    }
                }
                consumer.kill();
                killed = System.nanoTime();
                sentAtKill = sent.get();
                streaming.get(WAIT.plusMillis(count / 10).toMillis(), TimeUnit.MILLISECONDS);
                for (final String line : consumer.allLines())
                {
                    if (line.startsWith("RECEIVED "))
                    {
                        partition = GroupConsumerProcess.parseReceived(line, killedAudit::received);
                    }
                    else if (line.startsWith("COMMITTED "))
                    {
                        lastPrintedCommit = Math.max(lastPrintedCommit, Long.parseLong(line.split(" ")[2]));
                    }
                }
            }

            final DeliveryAudit restartedAudit = new DeliveryAudit(count);
            final long[] firstAndLast = {-1, -1};
            final OffsetAndMetadata committed;
            try (Consumer<Long, Long> restarted = KafkaClientFactory.consumer(
                KafkaSettings.consumer(tower.subEndpoint(), tower.pubEndpoint(), GROUP, offsets)))
            {
                restarted.subscribe(List.of(TOPIC));
                KafkaDrain.into(record ->
                {
                    firstAndLast[0] = firstAndLast[0] < 0 ? record.offset() : firstAndLast[0];
                    firstAndLast[1] = record.offset();
                    restartedAudit.received(record.value());
                }, restarted, () -> firstAndLast[1] == count - 1, WAIT.plusMillis(count / 10));
                final TopicPartition topicPartition = new TopicPartition(TOPIC, partition);
                committed = restarted.committed(Set.of(topicPartition)).get(topicPartition);
            }
            final Duration converge = Duration.ofNanos(System.nanoTime() - killed);
            final Result result = Result.of(name(), count, commitEvery, committed == null ? -1 : committed.offset(),
                lastPrintedCommit, firstAndLast[0], killedAudit, restartedAudit, converge);
            return new Result(result.figure().withDetail(result.figure().detail() + "; the producer had sent "
                + sentAtKill + " at the kill"), result.committed(), result.lastPrintedCommit(),
                result.firstAfterRestart(), result.redelivered(), result.allowedRedelivered(),
                result.belowCommitted());
        }
    }

    /**
     * What one run measured: its figure; the offset committed when the consumer was killed and the last commit it
     * printed (it may have committed once more before dying); the first offset the restarted consumer delivered;
     * the records delivered by both, and how many of those the rule allows (received by the killed consumer at or
     * after the committed offset); records the restarted one delivered below the committed offset.
     */
    record Result(Figure figure, long committed, long lastPrintedCommit, long firstAfterRestart, long redelivered,
        long allowedRedelivered, long belowCommitted)
    {
        static Result of(final String name, final int count, final int commitEvery, final long committed,
            final long lastPrintedCommit, final long firstAfterRestart, final DeliveryAudit killed,
            final DeliveryAudit restarted, final Duration converge)
        {
            final BitSet killedSeen = killed.seen();
            final BitSet restartedSeen = restarted.seen();
            final BitSet both = (BitSet)killedSeen.clone();
            both.and(restartedSeen);
            final BitSet union = (BitSet)killedSeen.clone();
            union.or(restartedSeen);
            final long allowed = committed < 0 ? 0 : killedSeen.get((int)committed, count).cardinality();
            final long belowCommitted = committed <= 0 ? 0 : restartedSeen.get(0, (int)committed).cardinality();
            final Figure killedFigure = killed.figure(name, converge);
            final Figure restartedFigure = restarted.figure(name, converge);
            final long beyondRule = killedFigure.duplicated() + restartedFigure.duplicated()
                + Math.max(0, both.cardinality() - allowed);
            final Figure figure = new Figure(name, count, killed.delivered() + restarted.delivered(),
                count - union.get(0, count).cardinality(), beyondRule,
                killedFigure.reordered() + restartedFigure.reordered(), converge, String.format(
                    "commit every %d; killed after receiving %d, committed %d (last printed %d); restarted at %d; "
                        + "redelivered %d (allowed: %d received after the commit)", commitEvery,
                    killed.delivered(), committed, lastPrintedCommit, firstAfterRestart, both.cardinality(),
                    allowed), null);
            return new Result(figure, committed, lastPrintedCommit, firstAfterRestart, both.cardinality(), allowed,
                belowCommitted);
        }
    }
}
