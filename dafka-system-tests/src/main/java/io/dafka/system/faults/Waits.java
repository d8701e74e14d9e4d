package io.dafka.system.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.core.ConditionTimeoutException;

/** Polls a condition with a deadline (never a fixed sleep); fails with {@code what} if the deadline passes. */
final class Waits
{
    private Waits()
    {
    }

    static void until(final BooleanSupplier condition, final String what, final Duration timeout)
    {
        await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
            .until(condition::getAsBoolean);
    }

    /** Polls {@code condition} for at most {@code timeout}; returns whether it became true (false: timed out). */
    static boolean within(final BooleanSupplier condition, final Duration timeout)
    {
        return within(condition, timeout, Duration.ofMillis(5));
    }

    /** As {@link #within(BooleanSupplier, Duration)}, polling every {@code interval} (a costly condition). */
    static boolean within(final BooleanSupplier condition, final Duration timeout, final Duration interval)
    {
        try
        {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(interval).until(condition::getAsBoolean);
            return true;
        }
        catch (final ConditionTimeoutException e)
        {
            return false;
        }
    }
}
