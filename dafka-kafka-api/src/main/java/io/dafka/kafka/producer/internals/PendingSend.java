package io.dafka.kafka.producer.internals;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.DafkaException;
import io.dafka.producer.SendListener;

/**
 * One record from {@code send} to its outcome. The engine's events ({@link SendListener}, on the engine
 * thread) are handed to the producer's single completion thread, which runs interceptors, the callback and
 * then completes the future, in event order, exactly once.
 */
final class PendingSend implements SendListener
{
    private static final Logger LOG = LoggerFactory.getLogger(PendingSend.class);

    /**
     * What every pending send of one producer shares. {@code minStores} above 1 ({@code minStoresSource} is the
     * setting that said so) turns a send's expiry into Kafka's NotEnoughReplicas* exceptions, told apart by
     * {@code storesHolding}; {@code partitions} gives the Kafka partition number of an address and the exception
     * of a failed partition; {@code time} says when a send was made and when it expires.
     */
    record Context(ScheduledExecutorService completions, ByteBudget budget, ProducerMetrics metrics,
        ProducerInterceptorChain<?, ?> interceptors, Set<PendingSend> outstanding, boolean completeOnPublish,
        DeliveryTimeouts timeouts, int minStores, String minStoresSource, StoresHolding storesHolding,
        PartitionMapping partitions, Time time)
    {
    }

    private final Context context;
    private final String topic;
    private final Callback callback;
    private final Headers headers;
    private final long timestamp;
    private final int keySize;
    private final int valueSize;
    private final int heldBytes;
    private final long sentNanos;
    private final CompletableFuture<RecordMetadata> outcome = new CompletableFuture<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile String partition;
    private volatile long sequence = -1;

    PendingSend(final Context context, final String topic, final Callback callback, final Headers headers,
        final long timestamp, final int keySize, final int valueSize, final int heldBytes)
    {
        this.context = context;
        this.topic = topic;
        this.callback = callback;
        this.headers = headers;
        this.timestamp = timestamp;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.heldBytes = heldBytes;
        this.sentNanos = context.time().nanoseconds();
    }

    /** Registers as outstanding and arms {@code delivery.timeout.ms}; call before handing to the engine. */
    SendFuture start()
    {
        context.outstanding().add(this);
        context.timeouts().track(this);
        return new SendFuture(outcome);
    }

    boolean isDone()
    {
        return completed.get();
    }

    /** Fails the send with a timeout if {@code delivery.timeout.ms} has passed at {@code nowNanos}. */
    boolean expireIfDue(final long nowNanos)
    {
        if (nowNanos - sentNanos < context.timeouts().timeoutNanos())
        {
            return false;
        }
        expire();
        return true;
    }

    CompletableFuture<RecordMetadata> outcome()
    {
        return outcome;
    }

    @Override
    public void onPublished(final String partitionAddress, final long sequenceNumber)
    {
        this.partition = partitionAddress;
        this.sequence = sequenceNumber;
        if (context.completeOnPublish())
        {
            onCompletionThread(this::succeed);
        }
    }

    @Override
    public void onStored(final String partitionAddress, final long sequenceNumber)
    {
        release();
        context.metrics().recordAckLatency(TimeUnit.NANOSECONDS.toMillis(context.time().nanoseconds() - sentNanos));
        if (!context.completeOnPublish())
        {
            onCompletionThread(this::succeed);
        }
    }

    @Override
    public void onFailed(final String partitionAddress, final long sequenceNumber, final DafkaException cause)
    {
        if (this.partition == null)
        {
            this.partition = partitionAddress;
        }
        release();
        onCompletionThread(() -> fail(context.partitions().conflict().apply("Record for " + tp() + " failed: " +
            cause.getMessage(), cause)));
    }

    @Override
    public void onAbandoned(final String partitionAddress, final long sequenceNumber)
    {
        release();
        onCompletionThread(() -> fail(new KafkaException("Producer closed before a Dafka store acknowledged the " +
            "record " + tp() + "@" + sequenceNumber)));
    }

    /** Fails the send now (on the calling thread) and gives its bytes back; for sends the engine never saw. */
    void abort(final Exception exception)
    {
        release();
        fail(exception);
    }

    /** Fails the send unless it completed already (close gives up on it). */
    void failIfPending(final Exception exception)
    {
        fail(exception);
    }

    private void expire()
    {
        final int minStores = context.minStores();
        final String address = partition;
        if (minStores > 1 && address != null)
        {
            final int stores = context.storesHolding().count(address, sequence);
            final String message = "Expiring 1 record(s) for " + tp() + "@" + sequence + ": " +
                TimeUnit.NANOSECONDS.toMillis(context.timeouts().timeoutNanos()) + " ms has passed since send " +
                "(delivery.timeout.ms) and " + stores + " of the " + minStores + " distinct Dafka stores " +
                "required by acks=all (" + context.minStoresSource() + "=" + minStores + ") acknowledged it";
            fail(stores > 0 ? new NotEnoughReplicasAfterAppendException(message)
                : new NotEnoughReplicasException(message));
            return;
        }
        fail(new TimeoutException("Expiring 1 record(s) for " + tp() + ":" +
            TimeUnit.NANOSECONDS.toMillis(context.timeouts().timeoutNanos()) + " ms has passed since send (delivery.timeout.ms). No Dafka store acknowledged the record; is a store " +
            "running?"));
    }

    private void succeed()
    {
        if (!completed.compareAndSet(false, true))
        {
            return;
        }
        finish();
        final long offset = context.completeOnPublish() ? -1 : sequence;
        final RecordMetadata metadata = new RecordMetadata(tp(), offset, 0, timestamp, keySize, valueSize);
        notify(metadata, null);
        outcome.complete(metadata);
    }

    private void fail(final Exception exception)
    {
        if (!completed.compareAndSet(false, true))
        {
            return;
        }
        finish();
        context.metrics().recordError();
        notify(new RecordMetadata(tp(), -1, -1, -1, -1, -1), exception);
        outcome.completeExceptionally(exception);
    }

    private void finish()
    {
        context.outstanding().remove(this);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void notify(final RecordMetadata metadata, final Exception exception)
    {
        ((ProducerInterceptorChain)context.interceptors()).onAcknowledgement(metadata, exception, headers);
        if (callback != null)
        {
            try
            {
                callback.onCompletion(metadata, exception);
            }
            catch (final Exception e)
            {
                LOG.error("Error executing user-provided callback on message for topic-partition '{}'", tp(), e);
            }
        }
    }

    private void release()
    {
        if (released.compareAndSet(false, true))
        {
            context.budget().release(heldBytes);
        }
    }

    private void onCompletionThread(final Runnable task)
    {
        try
        {
            context.completions().execute(task);
        }
        catch (final RejectedExecutionException closed)
        {
            task.run();
        }
    }

    private TopicPartition tp()
    {
        final String address = partition;
        return new TopicPartition(topic, address == null ? RecordMetadata.UNKNOWN_PARTITION :
            context.partitions().number().applyAsInt(address));
    }
}
