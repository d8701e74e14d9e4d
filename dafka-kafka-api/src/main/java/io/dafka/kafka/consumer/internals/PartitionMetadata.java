package io.dafka.kafka.consumer.internals;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import io.dafka.config.DafkaConfig;

/**
 * Metadata queries: partitions of a topic, end offsets (the announced heads) and offsets by timestamp (a
 * {@link TimeIndex} started on first use). User thread only.
 */
public final class PartitionMetadata implements AutoCloseable
{
    private final SubscriptionState subscriptions;
    private final PartitionDirectory directory;
    private final DafkaConfig config;
    private final RecordReader reader;
    private final Time time;
    private TimeIndex timeIndex;

    PartitionMetadata(final SubscriptionState subscriptions, final PartitionDirectory directory,
        final DafkaConfig config, final RecordReader reader, final Time time)
    {
        this.subscriptions = subscriptions;
        this.directory = directory;
        this.config = config;
        this.reader = reader;
        this.time = time;
    }

    public List<PartitionInfo> partitionsFor(final String topic)
    {
        return directory.partitionsFor(topic);
    }

    /** Every partition starts at offset 0: Dafka sequences start at 0 (until a store's retention removes some). */
    public Map<TopicPartition, Long> beginningOffsets(final Collection<TopicPartition> partitions)
    {
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        partitions.forEach(partition -> offsets.put(partition, 0L));
        return offsets;
    }

    /** The head + 1 of each partition as last announced by its producer or a store; 0 if none is known. */
    public Map<TopicPartition, Long> endOffsets(final Collection<TopicPartition> partitions)
    {
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        for (final TopicPartition partition : partitions)
        {
            final String address = subscriptions.address(partition);
            offsets.put(partition, address == null ? 0L : directory.endOffset(partition.topic(), address));
        }
        return offsets;
    }

    /**
     * The earliest offset whose timestamp is at or after the target, found by a binary search over the
     * partition with single-record fetches (producer timestamps are assumed non-decreasing, as Kafka's time index
     * assumes). Records without an envelope have no timestamp and are never found.
     */
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(final Map<TopicPartition, Long> targets,
        final Duration timeout)
    {
        for (final Map.Entry<TopicPartition, Long> entry : targets.entrySet())
        {
            if (entry.getValue() < 0)
            {
                throw new IllegalArgumentException("The target time for partition " + entry.getKey() + " is " +
                    entry.getValue() + ". The target time cannot be negative.");
            }
        }
        final long deadline = time.nanoseconds() + timeout.toNanos();
        final Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
        for (final Map.Entry<TopicPartition, Long> entry : targets.entrySet())
        {
            final String topic = entry.getKey().topic();
            final String address = subscriptions.address(entry.getKey());
            found.put(entry.getKey(), address == null ? null :
                timeIndex().search(topic, address, directory.endOffset(topic, address), entry.getValue(), deadline));
        }
        return found;
    }

    private TimeIndex timeIndex()
    {
        if (timeIndex == null)
        {
            timeIndex = new TimeIndex(config, time, reader);
        }
        return timeIndex;
    }

    @Override
    public void close()
    {
        Utils.closeQuietly(timeIndex, "time index");
    }
}
