package io.dafka.producer;

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
}
