package io.dafka.kafka.consumer.internals;

import java.util.List;

import org.apache.kafka.common.header.Header;

/** Reads a delivered Dafka payload as a Kafka record (the envelope format lives with the producer's writer). */
@FunctionalInterface
public interface RecordReader
{
    /** Timestamp meaning "none" (Kafka's {@code RecordBatch.NO_TIMESTAMP}). */
    long NO_TIMESTAMP = -1L;

    /**
     * A payload read as a record.
     *
     * @param timestamp ms since the epoch, or {@link #NO_TIMESTAMP}
     * @param key       null if absent
     * @param value     null for a tombstone
     * @param headers   in order, never null
     */
    record Read(long timestamp, byte[] key, byte[] value, List<Header> headers)
    {
    }

    /** Reads {@code content}; never throws: what is not an envelope is a raw value. */
    Read read(byte[] content);
}
