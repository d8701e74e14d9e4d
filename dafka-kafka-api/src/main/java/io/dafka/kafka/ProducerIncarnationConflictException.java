package io.dafka.kafka;

import org.apache.kafka.common.KafkaException;

/**
 * Not retriable: stores acknowledged a sequence this producer never published for the record's partition, so an
 * earlier producer used the same partition address. The partition is failed for good: every pending and later
 * send to it fails with this exception; close the producer and start a new one.
 */
public final class ProducerIncarnationConflictException extends KafkaException
{
    private static final long serialVersionUID = 1L;

    public ProducerIncarnationConflictException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
