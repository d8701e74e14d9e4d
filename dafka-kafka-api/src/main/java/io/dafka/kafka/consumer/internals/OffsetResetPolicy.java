package io.dafka.kafka.consumer.internals;

import java.time.Duration;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigException;

import io.dafka.consumer.StartPolicy;

/**
 * Kafka's {@code auto.offset.reset} on Dafka: where a consumer starts in a partition that has no committed
 * offset. {@code latest} starts at the record that revealed the partition: a live record (produced after we
 * subscribed), or the head a HEAD announced, which is fetched and judged by its timestamp: delivered if it was
 * produced after the subscription (a producer that started after us), skipped otherwise. {@code by_duration:PnDTnHnMn.nS} starts at the
 * beginning and the consumer skips records older than the duration (the envelope carries timestamps).
 */
public final class OffsetResetPolicy
{
    enum Kind
    {
        EARLIEST, LATEST, NONE, BY_DURATION
    }

    private final Kind kind;
    private final Duration duration;

    private OffsetResetPolicy(final Kind kind, final Duration duration)
    {
        this.kind = kind;
        this.duration = duration;
    }

    /** Parses the value of {@code auto.offset.reset} (already validated by ConsumerConfig). */
    public static OffsetResetPolicy parse(final String value)
    {
        final String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("by_duration:"))
        {
            return new OffsetResetPolicy(Kind.BY_DURATION, Duration.parse(value.trim().substring("by_duration:".length())));
        }
        switch (text)
        {
            case "earliest" ->
            {
                return new OffsetResetPolicy(Kind.EARLIEST, null);
            }
            case "latest" ->
            {
                return new OffsetResetPolicy(Kind.LATEST, null);
            }
            case "none" ->
            {
                return new OffsetResetPolicy(Kind.NONE, null);
            }
            default -> throw new ConfigException("auto.offset.reset", value, "unknown reset strategy");
        }
    }

    Kind kind()
    {
        return kind;
    }

    /** Records older than this (ms since the epoch) are skipped; only for by_duration. */
    long cutoff(final long nowMillis)
    {
        return kind == Kind.BY_DURATION ? nowMillis - duration.toMillis() : Long.MIN_VALUE;
    }

    /** The first sequence of a partition without a committed offset. */
    long firstSequence(final long observed, final boolean fromHead)
    {
        return switch (kind)
        {
            case EARLIEST, BY_DURATION -> 0;
            case LATEST -> observed;
            case NONE -> StartPolicy.UNPOSITIONED;
        };
    }
}
