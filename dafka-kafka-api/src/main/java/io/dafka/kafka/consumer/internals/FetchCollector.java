package io.dafka.kafka.consumer.internals;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Time;

import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;

/**
 * Takes the records the engine delivered and turns them into {@link ConsumerRecord}s, advancing the consumed
 * positions. Seek and pause are applied by the engine before they return, so every record polled is one to
 * return, except records of partitions not assigned (with {@code assign} the engine follows whole topics),
 * records {@code auto.offset.reset=by_duration} skips, and records whose partition was repositioned after they
 * were taken from the engine (by the rebalance listener, a bind, or a record that could not be deserialized:
 * {@link SubscriptionState#repositionMark}). Records are taken in bulk, at most as many as the poll may still
 * return, so none is left over: after a failure the engine delivers again those taken and not returned. User
 * thread only.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class FetchCollector<K, V>
{
    private final ConsumerNode node;
    private final SubscriptionState subscriptions;
    private final PartitionPositions positions;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final RecordReader reader;
    private final ConsumerMetrics metrics;
    private final LightLock lock;
    private final Time time;
    private final int maxPollRecords;
    /** The records of the engine being converted, reused from poll to poll (empty in between). */
    private final List<ConsumedRecord> polled = new ArrayList<>();

    FetchCollector(final ConsumerNode node, final SubscriptionState subscriptions, final PartitionPositions positions,
        final Deserializer<K> keyDeserializer, final Deserializer<V> valueDeserializer, final RecordReader reader,
        final ConsumerMetrics metrics, final LightLock lock, final Time time, final int maxPollRecords)
    {
        this.node = node;
        this.subscriptions = subscriptions;
        this.positions = positions;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.reader = reader;
        this.metrics = metrics;
        this.lock = lock;
        this.time = time;
        this.maxPollRecords = maxPollRecords;
    }

    /** Up to max.poll.records records, waiting up to {@code timeout} for the first, as poll returns them. */
    public ConsumerRecords<K, V> poll(final Duration timeout)
    {
        final Map<TopicPartition, List<ConsumerRecord<K, V>>> records = collect(timeout);
        final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        records.forEach((partition, list) ->
        {
            final long position = list.get(list.size() - 1).offset() + 1;
            next.put(partition, new OffsetAndMetadata(position));
            positions.currentLag(partition).ifPresent(lag -> metrics.recordPartition(partition, lag, position));
        });
        metrics.retainPartitions(subscriptions.assignedPartitions());
        return new ConsumerRecords<>(records, next);
    }

    private Map<TopicPartition, List<ConsumerRecord<K, V>>> collect(final Duration timeout)
    {
        final long deadline = time.nanoseconds() + timeout.toNanos();
        final Map<TopicPartition, List<ConsumerRecord<K, V>>> records = new LinkedHashMap<>();
        final Collected collected = new Collected();
        do
        {
            lock.throwIfWokenUp();
            subscriptions.refresh();
            positions.throwIfNoPosition();
            Duration wait = Duration.ofNanos(Math.max(0, deadline - time.nanoseconds()));
            while (collected.count < maxPollRecords && !collected.failed &&
                node.poll(polled, maxPollRecords - collected.count, wait) > 0)
            {
                convertPolled(records, collected);
                wait = Duration.ZERO;
            }
            lock.throwIfWokenUp();
        }
        while (collected.count == 0 && time.nanoseconds() < deadline);
        metrics.recordConsumed(collected.count, collected.bytes); // once per poll, as Kafka's fetch metrics
        return records;
    }

    /**
     * Converts the records just polled, in order. The partition's state is looked up once per run of records of
     * one partition. A record that cannot be deserialized ends the poll: it is thrown if nothing was converted
     * before it, and the records polled after it are delivered again ({@link #redeliverAfter}).
     */
    private void convertPolled(final Map<TopicPartition, List<ConsumerRecord<K, V>>> records,
        final Collected collected)
    {
        final long polledAt = subscriptions.repositionMark();
        AssignedPartition runState = null;
        List<ConsumerRecord<K, V>> runRecords = null;
        try
        {
            for (int i = 0; i < polled.size(); i++)
            {
                final ConsumedRecord record = polled.get(i);
                final AssignedPartition state = runState != null && record.partition().equals(runState.address) &&
                    record.topic().equals(runState.topic()) ? runState :
                    subscriptions.stateOf(record.topic(), record.partition(), record.sequence());
                if (state == null || state.repositionedAt > polledAt)
                {
                    runState = null; // not assigned, or delivered before a reposition that followed the poll
                    continue;
                }
                final ConsumerRecord<K, V> converted;
                try
                {
                    converted = convert(record, state);
                }
                catch (final RecordDeserializationException e)
                {
                    redeliverAfter(i, polledAt);
                    if (collected.count == 0)
                    {
                        throw e;
                    }
                    collected.failed = true; // return what was converted; the next poll meets the record again
                    return;
                }
                if (state != runState)
                {
                    runState = state;
                    runRecords = records.computeIfAbsent(state.topicPartition, p -> new ArrayList<>());
                }
                if (converted != null)
                {
                    runRecords.add(converted);
                    collected.bytes += record.content().length;
                    collected.count++;
                }
            }
        }
        finally
        {
            polled.clear();
        }
    }

    /**
     * After a record that could not be deserialized (its partition was sought back to it): the engine delivers the
     * other partitions' records polled after it again, from the first of each.
     */
    private void redeliverAfter(final int failed, final long polledAt)
    {
        for (int i = failed + 1; i < polled.size(); i++)
        {
            final ConsumedRecord record = polled.get(i);
            final AssignedPartition state = subscriptions.stateOf(record.topic(), record.partition(),
                record.sequence());
            if (state != null && state.repositionedAt <= polledAt)
            {
                subscriptions.seekEngine(state, record.sequence()); // its later records are now stale
            }
        }
    }

    /** Converts a polled record of an assigned partition, advancing its position; null if it is not returned. */
    private ConsumerRecord<K, V> convert(final ConsumedRecord record, final AssignedPartition state)
    {
        final RecordReader.Read read = reader.read(record.content());
        if (read.timestamp() != RecordReader.NO_TIMESTAMP && read.timestamp() < state.skipBefore)
        {
            state.position = record.sequence() + 1; // older than auto.offset.reset=by_duration allows
            return null;
        }
        state.skipBefore = Long.MIN_VALUE;
        final RecordHeaders headers = read.headers().isEmpty() ? new RecordHeaders() :
            new RecordHeaders(read.headers());
        final K key = deserialize(keyDeserializer, RecordDeserializationException.DeserializationExceptionOrigin.KEY,
            read.key(), record, state, read, headers);
        final V value = deserialize(valueDeserializer,
            RecordDeserializationException.DeserializationExceptionOrigin.VALUE, read.value(), record, state, read,
            headers);
        state.position = record.sequence() + 1;
        return new ConsumerRecord<>(record.topic(), state.topicPartition.partition(), record.sequence(),
            read.timestamp(), read.timestamp() == RecordReader.NO_TIMESTAMP ? TimestampType.NO_TIMESTAMP_TYPE :
                TimestampType.CREATE_TIME,
            read.key() == null ? -1 : read.key().length, read.value() == null ? -1 : read.value().length,
            key, value, headers, Optional.empty());
    }

    /**
     * Deserializes a key or value; on failure the position stays at this record, the engine is sought back to it
     * (so it is delivered again) and the application gets Kafka's {@link RecordDeserializationException} naming
     * the side that failed.
     */
    private <T> T deserialize(final Deserializer<T> deserializer,
        final RecordDeserializationException.DeserializationExceptionOrigin origin, final byte[] bytes,
        final ConsumedRecord record, final AssignedPartition state, final RecordReader.Read read,
        final RecordHeaders headers)
    {
        if (bytes == null)
        {
            return null;
        }
        try
        {
            return deserializer.deserialize(record.topic(), headers, bytes);
        }
        catch (final RuntimeException e)
        {
            state.position = record.sequence();
            subscriptions.seekEngine(state, record.sequence());
            throw new RecordDeserializationException(origin, state.topicPartition, record.sequence(),
                read.timestamp(), TimestampType.CREATE_TIME, wrap(read.key()), wrap(read.value()), headers,
                "Error deserializing " + origin.name().toLowerCase(Locale.ROOT) + " for partition " +
                    state.topicPartition + " at offset " + record.sequence() +
                    ". If needed, please seek past the record to continue consumption.", e);
        }
    }

    /** What one poll collected so far. */
    private static final class Collected
    {
        int count;
        long bytes;
        /** A record could not be deserialized after others were converted: the poll returns those. */
        boolean failed;
    }

    private static ByteBuffer wrap(final byte[] bytes)
    {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
