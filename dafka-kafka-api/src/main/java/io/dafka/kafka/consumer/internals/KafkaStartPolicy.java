package io.dafka.kafka.consumer.internals;

import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

import io.dafka.consumer.StartPolicy;

/**
 * Where the consumer engine starts a partition it sees for the first time: the group's committed offset, else
 * {@code auto.offset.reset}. Kafka's latest means records produced after the subscription are delivered and
 * older ones are not: the head a HEAD announced is either the first record of a producer that started after we
 * subscribed (its HEAD came before we had connected to it) or an older record, and its timestamp tells (no
 * timestamp: delivered); the subscription time travels with the engine's subscribe command. The engine calls it
 * on its thread and publishes the start it chose with the partition ({@code PartitionHead.start}). It reads the
 * group's committed offsets from the {@link OffsetStore}, which is safe for use by several threads.
 */
final class KafkaStartPolicy implements StartPolicy
{
    private final OffsetStore committed;
    private final OffsetResetPolicy resetPolicy;
    private final RecordReader reader;
    /** Partitions started at an announced head record not judged yet; the engine's thread only. */
    private final Set<String> headRecordsPending = new HashSet<>();

    /** @param committed the group's offsets, or null without a group */
    KafkaStartPolicy(final OffsetStore committed, final OffsetResetPolicy resetPolicy, final RecordReader reader)
    {
        this.committed = committed;
        this.resetPolicy = resetPolicy;
        this.reader = reader;
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
        final byte[] content, final long subscribedAt)
    {
        if (!headRecordsPending.remove(topic + "/" + partition))
        {
            return true;
        }
        final long timestamp = reader.read(content).timestamp();
        return timestamp == RecordReader.NO_TIMESTAMP || timestamp >= subscribedAt;
    }
}
