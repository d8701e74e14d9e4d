package io.dafka.kafka.consumer.internals;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

import io.dafka.consumer.ConsumerNode;

/**
 * Where a group's committed offsets are kept, by topic and Dafka partition address: a file on this host
 * ({@code dafka.consumer.offsets.storage=file}) or the stores ({@code stores}).
 */
public interface OffsetStore extends AutoCloseable
{
    /** The offset a deletion commits (docs/protocol-extensions.md): no commit. */
    long DELETED = -1;

    /** A partition by topic and address. */
    record Address(String topic, String partition)
    {
    }

    /**
     * The committed offset of a partition as last read or committed here, or null if none. Never blocks: the
     * consumer engine asks it for the start of a partition it sees for the first time.
     */
    OffsetAndMetadata get(String topic, String partition);

    /**
     * Commits all of {@code offsets} durably before returning.
     *
     * @param member the committing member's generation and id (generation -1 without group management)
     */
    void commit(Map<Address, OffsetAndMetadata> offsets, ConsumerGroupMetadata member);

    /**
     * Deletes the committed offsets of {@code partitions} durably before returning: a commit of {@link #DELETED},
     * which replaces each partition's entry wherever it is kept, so that {@link #get} returns null for them.
     */
    void delete(Set<Address> partitions, ConsumerGroupMetadata member);

    /** Reads the group's offsets from where they are kept, so that {@link #get} returns what any member committed. */
    default void refresh()
    {
    }

    /**
     * The highest generation of the group its committed offsets named when last read or committed here (0 if none,
     * or if they are kept without generations): a group that starts anew numbers its generations above it, so that
     * the stores do not fence its commits as a superseded generation's.
     */
    default long highestGeneration()
    {
        return 0;
    }

    /** Whether the consumer engine must be built to reach the stores ({@link ConsumerNode.Builder#storeOffsets()}). */
    default boolean usesStores()
    {
        return false;
    }

    /** The consumer's engine, once started and before anything else is asked. */
    default void attach(final ConsumerNode node)
    {
    }

    @Override
    void close();
}
