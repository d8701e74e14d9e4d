package io.dafka.kafka.consumer.internals;

import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/** Where a group's committed offsets are kept, by topic and Dafka partition address. */
public interface OffsetStore extends AutoCloseable
{
    /** A partition by topic and address. */
    record Address(String topic, String partition)
    {
    }

    /** The committed offset of a partition, or null if none. */
    OffsetAndMetadata get(String topic, String partition);

    /** Commits all of {@code offsets} durably before returning. */
    void commit(Map<Address, OffsetAndMetadata> offsets);

    @Override
    void close();
}
