package io.dafka.kafka.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dafka.kafka.PartitionIds;
import io.dafka.kafka.ProducerIncarnationConflictException;
import io.dafka.producer.ProducerIncarnationException;
import io.dafka.transport.Addresses;

/**
 * How a send's outcome maps engine events to Kafka's exceptions with {@code acks=all} and two stores: expiry
 * tells apart "some store has it" from "no store has it"; a failed partition (incarnation conflict) is a
 * non-retriable {@link ProducerIncarnationConflictException}.
 */
class PendingSendTest
{
    private static final long TIMEOUT_MS = 1000;
    private static final String PARTITION = Addresses.newAddress();

    private final ScheduledThreadPoolExecutor completions = new ScheduledThreadPoolExecutor(1);
    private final Set<PendingSend> outstanding = ConcurrentHashMap.newKeySet();
    private final DeliveryTimeouts timeouts = new DeliveryTimeouts(TIMEOUT_MS);
    private final ByteBudget budget = new ByteBudget(1 << 20);
    private final Map<Long, Integer> storesBySequence = new ConcurrentHashMap<>();
    private final PendingSend.Context context = new PendingSend.Context(completions, budget,
        new ProducerMetrics(new ProducerConfig(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "dafka://127.0.0.1:1",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)), "test", budget, Time.SYSTEM),
        new ProducerInterceptorChain<>(List.of()), outstanding, false, timeouts,
        2, "dafka.min.stores", (partition, sequence) -> storesBySequence.getOrDefault(sequence, 0),
        new PartitionMapping(PartitionIds::of, ProducerIncarnationConflictException::new), Time.SYSTEM);

    @AfterEach
    void stop()
    {
        completions.shutdownNow();
    }

    @Test
    void shouldExpireWithNotEnoughReplicasAfterAppendWhenOneOfTwoStoresHoldsTheRecord() throws InterruptedException
    {
        final PendingSend send = send();
        final SendFuture future = send.start();
        send.onPublished(PARTITION, 7);
        storesBySequence.put(7L, 1);

        timeouts.sweep(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), outstanding.size());

        assertThat(future).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(NotEnoughReplicasAfterAppendException.class)
            .withMessageContaining("1 of the 2").withMessageContaining("dafka.min.stores=2");
    }

    @Test
    void shouldExpireWithNotEnoughReplicasWhenNoStoreHoldsTheRecord() throws InterruptedException
    {
        final PendingSend send = send();
        final SendFuture future = send.start();
        send.onPublished(PARTITION, 7);

        timeouts.sweep(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), outstanding.size());

        final ExecutionException failure = catchFailure(future);
        assertThat(failure.getCause()).isExactlyInstanceOf(NotEnoughReplicasException.class)
            .hasMessageContaining("0 of the 2");
    }

    @Test
    void shouldFailWithANonRetriableIncarnationConflictWhenThePartitionFailed() throws InterruptedException
    {
        final PendingSend send = send();
        final SendFuture future = send.start();
        send.onPublished(PARTITION, 3);
        send.onFailed(PARTITION, 3, new ProducerIncarnationException("an earlier producer used partition P"));

        final ExecutionException failure = catchFailure(future);
        assertThat(failure.getCause()).isInstanceOf(ProducerIncarnationConflictException.class)
            .isNotInstanceOf(RetriableException.class)
            .hasMessageContaining("an earlier producer used partition P");
        assertThat(budget.available()).as("its bytes are given back").isEqualTo(budget.total());
    }

    private static ExecutionException catchFailure(final SendFuture future)
    {
        try
        {
            future.get(30, TimeUnit.SECONDS);
        }
        catch (final ExecutionException e)
        {
            return e;
        }
        catch (final Exception e)
        {
            throw new AssertionError("expected the send to fail", e);
        }
        throw new AssertionError("expected the send to fail");
    }

    private PendingSend send() throws InterruptedException
    {
        final int held = budget.heldBy(1);
        assertThat(budget.reserve(held, 0)).isTrue();
        return new PendingSend(context, "t", null, new RecordHeaders(), 0, -1, 1, held);
    }
}
