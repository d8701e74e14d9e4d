package io.dafka.kafka.producer.internals;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code delivery.timeout.ms} for every pending send of one producer, without a timer per record: sends expire in
 * the order they were made, so one periodic sweep fails the expired ones from the head of an age-ordered queue.
 * Sends that completed are dropped when they reach the head; the queue is compacted when such completed sends
 * pile up behind one that is still pending (e.g. a topic without a store).
 */
final class DeliveryTimeouts
{
    private final long timeoutNanos;
    private final Queue<PendingSend> byAge = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    DeliveryTimeouts(final long timeoutMs)
    {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /** How often to sweep: a tenth of the timeout, between 1 ms and 100 ms. */
    static long sweepIntervalMillis(final long timeoutMs)
    {
        return Math.max(1, Math.min(100, timeoutMs / 10));
    }

    long timeoutNanos()
    {
        return timeoutNanos;
    }

    /** Tracks {@code send}, made after every send tracked before it. Any thread. */
    void track(final PendingSend send)
    {
        byAge.add(send);
        queued.incrementAndGet();
    }

    /** Sends still queued for the sweep (done ones included until they are dropped). */
    int tracked()
    {
        return queued.get();
    }

    /** Expires the sends whose timeout passed at {@code nowNanos}; {@code pending} sends still outstanding. */
    void sweep(final long nowNanos, final int pending)
    {
        for (PendingSend head = byAge.peek(); head != null; head = byAge.peek())
        {
            if (!head.isDone() && !head.expireIfDue(nowNanos))
            {
                break;
            }
            byAge.poll();
            queued.decrementAndGet();
        }
        if (queued.get() > 2 * pending + 1024)
        {
            byAge.removeIf(PendingSend::isDone);
            queued.set(byAge.size()); // approximate under concurrent track(): it only decides when to compact
        }
    }
}
