package io.dafka.realkafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waits, within a deadline, until a broker answers {@code Admin.describeCluster} with at least one node. */
final class Readiness
{
    private static final int REQUEST_TIMEOUT_MS = 2_000;
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private Readiness()
    {
    }

    /**
     * @param stillAlive called before each attempt; throws if the broker is known to be dead, to stop waiting early
     * @param diagnostics appended to the timeout message, e.g. the broker's output
     * @throws IllegalStateException if no node was described before {@code deadlineNanos} ({@link System#nanoTime()})
     */
    static void awaitCluster(final String bootstrapServers, final long deadlineNanos, final Runnable stillAlive,
        final Supplier<String> diagnostics)
    {
        final Map<String, Object> config = Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG, "realkafka-readiness",
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        Exception last = null;
        try (Admin admin = Admin.create(config))
        {
            while (System.nanoTime() - deadlineNanos < 0)
            {
                stillAlive.run();
                try
                {
                    if (!admin.describeCluster().nodes().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).isEmpty())
                    {
                        return;
                    }
                }
                catch (final ExecutionException | TimeoutException e)
                {
                    last = e;
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka at " + bootstrapServers, e);
                }
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            }
        }
        throw new IllegalStateException(
            "Kafka at " + bootstrapServers + " described no cluster in time" + diagnostics.get(), last);
    }

    /** {@code System.nanoTime()} plus {@code timeout}. */
    static long deadline(final Duration timeout)
    {
        return System.nanoTime() + timeout.toNanos();
    }
}
