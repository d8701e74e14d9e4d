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
 * records {@code auto.offset.reset=by_duration} skips, and a record whose partition was repositioned while it was
 * handled ({@link SubscriptionState#stateOf}). Records are taken one at a time, so a failure leaves none taken
 * and not returned. User thread only.
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
        int count = 0;
        long bytes = 0;
        do
        {
            lock.throwIfWokenUp();
            subscriptions.refresh();
            positions.throwIfNoPosition();
            ConsumedRecord record = node.poll(Duration.ofNanos(Math.max(0, deadline - time.nanoseconds())));
            while (record != null)
            {
                final ConsumerRecord<K, V> converted;
                try
                {
                    converted = convert(record);
                }
                catch (final RecordDeserializationException e)
                {
                    if (count == 0)
                    {
                        throw e;
                    }
                    break; // return what was converted; the next poll meets the record again and throws
                }
                if (converted != null)
                {
                    records.computeIfAbsent(new TopicPartition(converted.topic(), converted.partition()),
                        p -> new ArrayList<>()).add(converted);
                    bytes += record.content().length;
                    if (++count == maxPollRecords)
                    {
                        break;
                    }
                }
                record = node.poll(Duration.ZERO);
            }
            lock.throwIfWokenUp();
        }
        while (count == 0 && time.nanoseconds() < deadline);
        metrics.recordConsumed(count, bytes); // once per poll, as Kafka's fetch metrics: Sensor.record locks
        return records;
    }

    /** Converts a polled record, advancing its partition's position; null if it is not returned. */
    private ConsumerRecord<K, V> convert(final ConsumedRecord record)
    {
        final AssignedPartition state = subscriptions.stateOf(record.topic(), record.partition(),
            record.sequence());
        if (state == null)
        {
            return null;
        }
        final RecordReader.Read read = reader.read(record.content());
        if (read.timestamp() != RecordReader.NO_TIMESTAMP && read.timestamp() < state.skipBefore)
        {
            state.position = record.sequence() + 1; // older than auto.offset.reset=by_duration allows
            return null;
        }
        state.skipBefore = Long.MIN_VALUE;
        final RecordHeaders headers = new RecordHeaders(read.headers());
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

    private static ByteBuffer wrap(final byte[] bytes)
    {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
