package io.dafka.kafka.admin.internals;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.internals.KafkaFutureImpl;

import io.dafka.DafkaException;

/**
 * Runs the Admin's calls one after another on a thread of their own, so that every operation returns its futures at
 * once, as Kafka's does; a call that fails completes its futures exceptionally with a Kafka exception (a Dafka or
 * JeroMQ failure becomes a {@link KafkaException}), so nothing escapes and no future is left pending.
 */
public final class AdminCalls implements AutoCloseable
{
    /** A call's work; it completes its own futures and may throw. */
    @FunctionalInterface
    interface Work
    {
        void run() throws Exception;
    }

    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "dafka-admin-calls");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code work}; if it throws, completes every one of {@code futures} exceptionally. */
    void run(final Work work, final Iterable<? extends KafkaFutureImpl<?>> futures)
    {
        try
        {
            executor.execute(() ->
            {
                try
                {
                    work.run();
                }
                catch (final Exception | Error e)
                {
                    final Throwable error = kafkaError(e);
                    futures.forEach(future -> future.completeExceptionally(error));
                }
            });
        }
        catch (final java.util.concurrent.RejectedExecutionException e)
        {
            final Throwable error = new KafkaException("the Admin client is closed");
            futures.forEach(future -> future.completeExceptionally(error));
        }
    }

    private static Throwable kafkaError(final Throwable e)
    {
        if (e instanceof KafkaException)
        {
            return e;
        }
        if (e instanceof InterruptedException)
        {
            Thread.currentThread().interrupt();
            return new InterruptException((InterruptedException)e);
        }
        if (e instanceof DafkaException)
        {
            return new KafkaException(e.getMessage(), e);
        }
        return new KafkaException("Admin call failed: " + e, e);
    }

    /** Stops taking calls and waits up to {@code timeoutMillis} for those queued to end. */
    public void close(final long timeoutMillis)
    {
        executor.shutdown();
        try
        {
            if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS))
            {
                executor.shutdownNow();
                if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS))
                {
                    throw new TimeoutException("Admin calls did not end within " + timeoutMillis + " ms");
                }
            }
        }
        catch (final InterruptedException e)
        {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        close(Long.MAX_VALUE);
    }
}
