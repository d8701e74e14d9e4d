package io.dafka.consumer;

import io.dafka.DafkaException;

/** A request for committed offsets kept by the stores did not succeed; {@link #reason()} says how. */
public final class OffsetsException extends DafkaException
{
    private static final long serialVersionUID = 1L;

    /** How the request failed. */
    public enum Reason
    {
        /** Not enough stores answered before the deadline. */
        TIMED_OUT,
        /** A store refused the commit: it holds a newer generation of the group for one of the partitions. */
        FENCED
    }

    private final Reason reason;

    OffsetsException(final Reason reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    public Reason reason()
    {
        return reason;
    }
}
