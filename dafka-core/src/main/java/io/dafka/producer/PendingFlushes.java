package io.dafka.producer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The flushes waiting for acknowledgements: each completes when every record published before it is acknowledged
 * or failed with its partition. Owned by the producer agent's thread.
 */
final class PendingFlushes
{
    private final List<PendingFlush> flushes = new ArrayList<>();

    /** A flush asked for now: {@code done} completes once the last record of each of {@code partitions} is settled. */
    void add(final Collection<ProducerPartition> partitions, final CompletableFuture<Void> done)
    {
        final Map<ProducerPartition, Long> targets = new HashMap<>();
        for (final ProducerPartition partition : partitions)
        {
            if (!partition.unacked.isEmpty())
            {
                targets.put(partition, partition.nextSequence - 1);
            }
        }
        final PendingFlush pending = new PendingFlush(targets, done);
        if (!pending.checkDone())
        {
            flushes.add(pending);
        }
    }

    /** Completes the flushes whose records are now all acknowledged or failed. */
    void check()
    {
        if (!flushes.isEmpty())
        {
            flushes.removeIf(PendingFlush::checkDone);
        }
    }

    /** Fails every waiting flush: the producer closed. */
    void failAll(final String message)
    {
        for (final PendingFlush flush : flushes)
        {
            flush.done.completeExceptionally(new IllegalStateException(message));
        }
    }

    private record PendingFlush(Map<ProducerPartition, Long> targets, CompletableFuture<Void> done)
    {
        boolean checkDone()
        {
            for (final Iterator<Map.Entry<ProducerPartition, Long>> it = targets.entrySet().iterator(); it.hasNext(); )
            {
                final Map.Entry<ProducerPartition, Long> target = it.next();
                final ProducerPartition partition = target.getKey();
                if (partition.failure != null || partition.unacked.lastAcked() >= target.getValue())
                {
                    it.remove();
                }
            }
            if (targets.isEmpty())
            {
                done.complete(null);
                return true;
            }
            return false;
        }
    }
}
