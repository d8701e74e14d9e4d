package io.dafka.kafka.producer.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.DafkaException;
import io.dafka.producer.SendListener;

/**
 * The sends of one producer between {@code send} and their outcome: each becomes a pending send handed to the
 * engine; this class owns the set still outstanding ({@code flush} waits for them), the single completion thread
 * that runs interceptors, callbacks and futures in event order, and the {@code delivery.timeout.ms} sweep on that
 * thread, which reads the injected {@link Time}.
 */
public final class SendAccumulator
{
    private static final Logger LOG = LoggerFactory.getLogger(SendAccumulator.class);

    private final String clientId;
    private final ScheduledThreadPoolExecutor completions;
    private final Set<PendingSend> outstanding = ConcurrentHashMap.newKeySet();
    private final PendingSend.Context context;
    private volatile Thread completionThread;

    /**
     * @param completeOnPublish {@code acks=0}: a send completes when the engine published it
     * @param minStores         distinct stores {@code acks=all} waits for, said by the setting {@code minStoresSource}
     * @param storesHolding     how many stores acknowledged a record so far (tells the NotEnoughReplicas* apart)
     * @param partitions        Kafka partition numbers and the exception of a partition that failed for good
     */
    public SendAccumulator(final String clientId, final Time time, final ByteBudget budget,
        final ProducerMetrics metrics, final ProducerInterceptorChain<?, ?> interceptors,
        final boolean completeOnPublish, final long deliveryTimeoutMs, final int minStores,
        final String minStoresSource, final StoresHolding storesHolding,
        final PartitionMapping partitions)
    {
        this.clientId = clientId;
        this.completions = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "dafka-producer-callbacks | " + clientId);
            thread.setDaemon(true);
            completionThread = thread;
            return thread;
        });
        completions.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        final DeliveryTimeouts timeouts = new DeliveryTimeouts(deliveryTimeoutMs);
        final long sweepMillis = DeliveryTimeouts.sweepIntervalMillis(deliveryTimeoutMs);
        completions.scheduleWithFixedDelay(() -> timeouts.sweep(time.nanoseconds(), outstanding.size()), sweepMillis,
            sweepMillis, TimeUnit.MILLISECONDS);
        this.context = new PendingSend.Context(completions, budget, metrics, interceptors, outstanding,
            completeOnPublish, timeouts, minStores, minStoresSource, storesHolding, partitions, time);
    }

    /**
     * Starts a send that holds {@code heldBytes} of the budget (already reserved) and gives it to the engine
     * through {@code handOff}; a {@link DafkaException} from there (the engine closed) fails it at once.
     *
     * @return the send's future, completed on the completion thread
     */
    public SendFuture add(final String topic, final Callback callback, final Headers headers, final long timestamp,
        final int keySize, final int valueSize, final int heldBytes, final Consumer<SendListener> handOff)
    {
        final PendingSend pending = new PendingSend(context, topic, callback, headers, timestamp, keySize, valueSize,
            heldBytes);
        final SendFuture future = pending.start();
        try
        {
            handOff.accept(pending);
        }
        catch (final DafkaException e)
        {
            pending.abort(new KafkaException("Producer closed while send in progress", e));
        }
        return future;
    }

    /** True on the thread that runs callbacks (where flush and a waiting close are not allowed). */
    public boolean isCompletionThread()
    {
        return Thread.currentThread() == completionThread;
    }

    /** Waits until every send added before the call completed, successfully or not. */
    public void flush()
    {
        final List<CompletableFuture<RecordMetadata>> pending = new ArrayList<>(outstanding.size());
        for (final PendingSend send : outstanding)
        {
            pending.add(send.outcome());
        }
        // one wait after the other: no combined future (allOf builds a tree of relays as large as the backlog)
        for (final CompletableFuture<RecordMetadata> outcome : pending)
        {
            try
            {
                outcome.get();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new InterruptException("Flush interrupted.", e);
            }
            catch (final ExecutionException failed)
            {
                // flush does not throw for failed sends: their futures and callbacks report them
            }
        }
    }

    /**
     * Stops the completion thread once the events already queued ran (waiting up to {@code awaitMillis} if
     * {@code wait}), then fails every send still outstanding.
     */
    public void close(final boolean wait, final long awaitMillis)
    {
        completions.shutdown();
        if (wait)
        {
            try
            {
                if (!completions.awaitTermination(awaitMillis, TimeUnit.MILLISECONDS))
                {
                    LOG.warn("[Producer clientId={}] callbacks still running at close", clientId);
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
        for (final PendingSend send : List.copyOf(outstanding))
        {
            send.failIfPending(new KafkaException("Producer is closed forcefully."));
        }
    }
}
