package io.dafka.store;

import io.dafka.DafkaException;

/**
 * A {@link RecordStore} could not write or make durable what it was given (a full disk, an I/O error). The store
 * has already forgotten everything not yet durable: each partition's head is what it was after the last successful
 * {@link RecordStore#flush()}, and appends go on from there once the cause is gone.
 */
public final class StoreWriteException extends DafkaException
{
    private static final long serialVersionUID = 1L;

    public StoreWriteException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
