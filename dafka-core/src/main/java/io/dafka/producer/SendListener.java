package io.dafka.producer;

import io.dafka.DafkaException;

/**
 * Follows one record through the producer. Methods run on the producer's agent thread: keep them short and
 * never block in them.
 */
public interface SendListener
{
    /** The record got {@code sequence} in {@code partition} and was published. */
    default void onPublished(final String partition, final long sequence)
    {
    }

    /** A store acknowledged the record: it is stored and the producer forgot it. */
    default void onStored(final String partition, final long sequence)
    {
    }

    /** The producer closed before any store acknowledged the record. */
    default void onAbandoned(final String partition, final long sequence)
    {
    }

    /**
     * The record will never be acknowledged: its partition failed ({@code cause}, e.g. a
     * {@link ProducerIncarnationException}). {@code sequence} is -1 for a send the engine refused to publish.
     */
    default void onFailed(final String partition, final long sequence, final DafkaException cause)
    {
    }
}
