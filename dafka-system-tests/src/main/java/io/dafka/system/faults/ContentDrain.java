package io.dafka.system.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.system.DeliveryAudit;

/**
 * Polls a consumer into an audit and checks each record's whole content against {@link Payloads#of} its sequence,
 * until every sent record arrived or the last one did (records after a skipped range), then {@link Drain#QUIET}
 * more to catch late duplicates.
 */
final class ContentDrain
{
    private final DeliveryAudit audit;
    private final ConsumerNode consumer;
    private final List<ConsumedRecord> batch = new ArrayList<>();
    private long wrongContent;
    private boolean lastSeen;

    ContentDrain(final DeliveryAudit audit, final ConsumerNode consumer)
    {
        this.audit = audit;
        this.consumer = consumer;
    }

    /**
     * Polls until every sent record arrived ({@code untilLast} false) or the last sent one did ({@code untilLast}
     * true), or {@code timeout} passed; returns whether it got there.
     */
    boolean drain(final Duration timeout, final boolean untilLast)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!(untilLast ? lastSeen : audit.complete()) && System.nanoTime() < deadline)
        {
            poll();
        }
        final boolean reached = untilLast ? lastSeen : audit.complete();
        final long quietEnd = System.nanoTime() + Drain.QUIET.toNanos();
        while (System.nanoTime() < quietEnd)
        {
            poll();
        }
        return reached;
    }

    /** Records whose content was not what the producer sent with their sequence. */
    long wrongContent()
    {
        return wrongContent;
    }

    private void poll()
    {
        batch.clear();
        consumer.poll(batch, 10_000, Duration.ofMillis(50));
        for (final ConsumedRecord record : batch)
        {
            final long sequence = Payloads.sequence(record.content());
            if (sequence < 0 || sequence >= audit.sent() || !Arrays.equals(record.content(), Payloads.of(sequence)))
            {
                wrongContent++;
                continue;
            }
            audit.received(sequence);
            lastSeen |= sequence == audit.sent() - 1;
        }
    }
}
