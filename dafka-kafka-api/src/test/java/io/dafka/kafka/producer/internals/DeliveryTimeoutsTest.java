package io.dafka.kafka.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryTimeoutsTest
{
    private static final long TIMEOUT_MS = 60_000; // longer than any test step on a busy machine

    private final ScheduledThreadPoolExecutor completions = new ScheduledThreadPoolExecutor(1);
    private final Set<PendingSend> outstanding = ConcurrentHashMap.newKeySet();
    private final DeliveryTimeouts timeouts = new DeliveryTimeouts(TIMEOUT_MS);
    private final ByteBudget budget = new ByteBudget(1 << 20);
    private final PendingSend.Context context = new PendingSend.Context(completions, budget,
        new ProducerMetrics(new ProducerConfig(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "dafka://127.0.0.1:1",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)), "test", budget, Time.SYSTEM),
        new ProducerInterceptorChain<>(List.of()), outstanding, false, timeouts, 1, "acks=1",
        (partition, sequence) -> 0, new PartitionMapping(address -> 0, KafkaException::new), Time.SYSTEM);

    @AfterEach
    void stop()
    {
        completions.shutdownNow();
    }

    @Test
    void shouldExpireOnlySendsOlderThanTheTimeoutOldestFirst()
    {
        final List<SendFuture> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            futures.add(send().start());
        }
        final long sentAround = System.nanoTime();

        timeouts.sweep(sentAround + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS / 2), outstanding.size());
        assertThat(futures).noneMatch(SendFuture::isDone);

        timeouts.sweep(sentAround + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS), outstanding.size());
        assertThat(futures).allSatisfy(future -> assertThat(future)
            .failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .withCauseInstanceOf(TimeoutException.class));
        assertThat(outstanding).isEmpty();
        assertThat(timeouts.tracked()).isZero();
    }

    @Test
    void shouldForgetAcknowledgedSendsQueuedBehindOneStillPending()
    {
        final PendingSend stuck = send();
        stuck.start();
        for (int i = 0; i < 5_000; i++)
        {
            final PendingSend acknowledged = send();
            acknowledged.start();
            acknowledged.onPublished("P", i);
            acknowledged.onStored("P", i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> outstanding.size() == 1);

        timeouts.sweep(System.nanoTime(), outstanding.size());

        assertThat(timeouts.tracked()).as("only the pending send is left to watch").isEqualTo(1);
        assertThat(stuck.isDone()).isFalse();
    }

    private PendingSend send()
    {
        return new PendingSend(context, "t", null, new RecordHeaders(), 0, -1, 1, 1);
    }
}
