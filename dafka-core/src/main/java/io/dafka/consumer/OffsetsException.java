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
    private final long fencingGeneration;

    OffsetsException(final Reason reason, final String message)
    {
        this(reason, message, 0);
    }

    OffsetsException(final Reason reason, final String message, final long fencingGeneration)
    {
        super(message);
        this.reason = reason;
        this.fencingGeneration = fencingGeneration;
    }

    public Reason reason()
    {
        return reason;
    }

    /** With {@link Reason#FENCED}: the newer generation of the group the refusing store holds; else 0. */
    public long fencingGeneration()
    {
        return fencingGeneration;
    }
}
