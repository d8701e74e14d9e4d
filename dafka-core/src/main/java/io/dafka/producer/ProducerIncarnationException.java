package io.dafka.producer;

import io.dafka.DafkaException;

/**
 * A store acknowledged a sequence this producer never published for a partition: an earlier producer used the
 * same partition address, so stores hold records of another incarnation under it and every record sent now
 * would be dropped by them and by consumers as a duplicate. Not retriable: the partition is failed for good;
 * start a new producer (a new address).
 */
public final class ProducerIncarnationException extends DafkaException
{
    private static final long serialVersionUID = 1L;

    public ProducerIncarnationException(final String message)
    {
        super(message);
    }
}
