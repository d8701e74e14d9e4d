package io.dafka.kafka.producer.internals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.RecordMetadata;

/** A read-only view of a send's outcome; like Kafka's, it cannot be cancelled. */
public final class SendFuture implements Future<RecordMetadata>
{
    private final CompletableFuture<RecordMetadata> outcome;

    SendFuture(final CompletableFuture<RecordMetadata> outcome)
    {
        this.outcome = outcome;
    }

    /** A future that failed with {@code exception}. */
    public static SendFuture failed(final Exception exception)
    {
        return new SendFuture(CompletableFuture.failedFuture(exception));
    }

    @Override
    public boolean cancel(final boolean mayInterruptIfRunning)
    {
        return false;
    }

    @Override
    public boolean isCancelled()
    {
        return false;
    }

    @Override
    public boolean isDone()
    {
        return outcome.isDone();
    }

    @Override
    public RecordMetadata get() throws InterruptedException, ExecutionException
    {
        return outcome.get();
    }

    @Override
    public RecordMetadata get(final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        return outcome.get(timeout, unit);
    }
}
