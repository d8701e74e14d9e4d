package io.dafka.kafka.consumer.internals;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.utils.Time;

import io.dafka.consumer.StartPolicy;

/**
 * Where the consumer engine starts a partition it sees for the first time: the group's committed offset, else
 * {@code auto.offset.reset}. Kafka's latest means records produced after the subscription are delivered and
 * older ones are not: the head a HEAD announced is either the first record of a producer that started after we
 * subscribed (its HEAD came before we had connected to it) or an older record, and its timestamp tells (no
 * timestamp: delivered). The engine calls it on its thread and publishes the start it chose with the
 * partition ({@code PartitionHead.start}).
 */
final class KafkaStartPolicy implements StartPolicy
{
    private final OffsetStore committed;
    private final OffsetResetPolicy resetPolicy;
    private final RecordReader reader;
    private final Time time;
    /** When each topic was subscribed (ms since the epoch); written before the engine is asked to subscribe. */
    private final Map<String, Long> subscribedAt = new ConcurrentHashMap<>();
    /** Partitions started at an announced head record not judged yet; the engine's thread only. */
    private final Set<String> headRecordsPending = new HashSet<>();

    /** @param committed the group's offsets, or null without a group */
    KafkaStartPolicy(final OffsetStore committed, final OffsetResetPolicy resetPolicy, final RecordReader reader,
        final Time time)
    {
        this.committed = committed;
        this.resetPolicy = resetPolicy;
        this.reader = reader;
        this.time = time;
    }

    /** Notes that {@code topic} is subscribed now: a latest head record older than this is skipped. */
    void subscribing(final String topic)
    {
        subscribedAt.put(topic, time.milliseconds());
    }

    @Override
    public long firstSequence(final String topic, final String partition, final long observed,
        final boolean fromHead)
    {
        final OffsetAndMetadata offset = committed == null ? null : committed.get(topic, partition);
        final long first = offset != null ? offset.offset() : resetPolicy.firstSequence(observed, fromHead);
        if (offset == null && fromHead && resetPolicy.kind() == OffsetResetPolicy.Kind.LATEST)
        {
            headRecordsPending.add(topic + "/" + partition); // the start is known once the record is judged
        }
        return first;
    }

    @Override
    public boolean deliversHeadRecord(final String topic, final String partition, final long sequence,
        final byte[] content)
    {
        if (!headRecordsPending.remove(topic + "/" + partition))
        {
            return true;
        }
        final long timestamp = reader.read(content).timestamp();
        return timestamp == RecordReader.NO_TIMESTAMP || timestamp >= subscribedAt.getOrDefault(topic, Long.MIN_VALUE);
    }
}
