package io.dafka.kafka.consumer.internals;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.consumer.StartPolicy;

/**
 * Finds offsets by timestamp for {@code offsetsForTimes}: a separate consumer engine with no start position
 * reads single records on demand (seek to an offset, resume, take the one record, pause again), so the
 * application's own positions are untouched. Not thread-safe; used under the consumer's lock.
 */
public final class TimeIndex implements AutoCloseable
{
    private final ConsumerNode lookup;
    private final Set<String> topics = new HashSet<>();
    private final Time time;
    private final RecordReader reader;

    public TimeIndex(final DafkaConfig config, final Time time, final RecordReader reader)
    {
        this.time = time;
        this.reader = reader;
        this.lookup = ConsumerNode.builder(config
                .with(DafkaConfig.CONSUMER_DISCOVERY, "stores")
                .with(DafkaConfig.CONSUMER_FETCH_MAX_COUNT, 1)
                .with(DafkaConfig.CONSUMER_QUEUE_CAPACITY, 64))
            .startPolicy((topic, partition, observed, fromHead) -> StartPolicy.UNPOSITIONED)
            .start();
    }

    /**
     * The first offset in {@code [0, end)} of a partition whose timestamp is at least {@code target}, or null.
     *
     * @throws TimeoutException if a record cannot be read before {@code deadline} ({@link Time#nanoseconds})
     */
    public OffsetAndTimestamp search(final String topic, final String partition, final long end, final long target,
        final long deadline)
    {
        if (topics.add(topic))
        {
            lookup.subscribe(topic);
        }
        long low = 0;
        long high = end; // answer in [low, high]; high == end means none
        long foundTimestamp = -1;
        while (low < high)
        {
            final long middle = low + (high - low) / 2;
            final long timestamp = timestampAt(topic, partition, middle, deadline);
            if (timestamp >= target)
            {
                high = middle;
                foundTimestamp = timestamp;
            }
            else
            {
                low = middle + 1;
            }
        }
        return high == end ? null : new OffsetAndTimestamp(high, foundTimestamp);
    }

    private long timestampAt(final String topic, final String partition, final long offset, final long deadline)
    {
        lookup.seek(topic, partition, offset); // a paused partition stays paused, at offset
        lookup.resume(topic, partition);
        while (time.nanoseconds() < deadline)
        {
            final ConsumedRecord record = lookup.poll(Duration.ofNanos(Math.max(0, deadline - time.nanoseconds())));
            if (record != null && record.sequence() == offset && record.partition().equals(partition) &&
                record.topic().equals(topic))
            {
                lookup.pause(topic, partition); // no more than this one record
                return reader.read(record.content()).timestamp();
            }
        }
        throw new TimeoutException("Failed to get offsets by times: record " + offset + " of " + topic + "/" +
            partition + " not received in time");
    }

    @Override
    public void close()
    {
        lookup.close();
    }
}
