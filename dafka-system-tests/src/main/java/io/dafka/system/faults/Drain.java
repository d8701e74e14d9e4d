package io.dafka.system.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.system.DeliveryAudit;

/** Polls a consumer into an audit until every sent sequence arrived, then a little longer to catch duplicates. */
final class Drain
{
    /** How long to keep polling after the last expected record, so late duplicates are seen. */
    static final Duration QUIET = Duration.ofMillis(500);

    private Drain()
    {
    }

    /** Polls {@code consumer} until {@code audit} is complete or {@code timeout} passed, then {@link #QUIET} more. */
    static void into(final DeliveryAudit audit, final ConsumerNode consumer, final Duration timeout)
    {
        final List<ConsumedRecord> batch = new ArrayList<>();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!audit.complete() && System.nanoTime() < deadline)
        {
            poll(audit, consumer, batch);
        }
        final long quietEnd = System.nanoTime() + QUIET.toNanos();
        while (System.nanoTime() < quietEnd)
        {
            poll(audit, consumer, batch);
        }
    }

    private static void poll(final DeliveryAudit audit, final ConsumerNode consumer, final List<ConsumedRecord> batch)
    {
        batch.clear();
        consumer.poll(batch, 10_000, Duration.ofMillis(50));
        for (final ConsumedRecord record : batch)
        {
            audit.received(Payloads.sequence(record.content()));
        }
    }
}
