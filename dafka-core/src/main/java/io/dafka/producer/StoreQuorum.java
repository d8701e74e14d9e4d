package io.dafka.producer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The acknowledged head of each distinct store for one partition, and the quorum head: the highest sequence
 * that at least {@code required} distinct stores acknowledged (the {@code required}-th highest store head).
 * Written by the producer agent only; {@link #storesHolding} may be read from any thread.
 */
final class StoreQuorum
{
    private final int required;
    private final Map<String, Long> heads = new HashMap<>();
    /** Every store's head, ascending; replaced (never mutated) on change, for readers on other threads. */
    private volatile long[] snapshot = new long[0];
    private long quorumHead = -1;

    StoreQuorum(final int required)
    {
        if (required < 1)
        {
            throw new IllegalArgumentException("required stores must be at least 1: " + required);
        }
        this.required = required;
    }

    /**
     * Records that {@code store} holds every sequence up to {@code sequence} (cumulative; an older head changes
     * nothing).
     *
     * @return the quorum head after this acknowledgement, -1 while fewer than {@code required} stores answered
     */
    long acknowledge(final String store, final long sequence)
    {
        final Long previous = heads.get(store);
        if (previous != null && previous >= sequence)
        {
            return quorumHead;
        }
        heads.put(store, sequence);
        final long[] sorted = new long[heads.size()];
        int i = 0;
        for (final long head : heads.values())
        {
            sorted[i++] = head;
        }
        Arrays.sort(sorted);
        snapshot = sorted;
        if (sorted.length >= required)
        {
            quorumHead = Math.max(quorumHead, sorted[sorted.length - required]);
        }
        return quorumHead;
    }

    /** The highest sequence acknowledged by {@code required} distinct stores, or -1. */
    long quorumHead()
    {
        return quorumHead;
    }

    int required()
    {
        return required;
    }

    /** How many distinct stores acknowledged {@code sequence} so far. Any thread. */
    int storesHolding(final long sequence)
    {
        final long[] current = snapshot;
        int count = 0;
        for (int i = current.length - 1; i >= 0 && current[i] >= sequence; i--)
        {
            count++;
        }
        return count;
    }
}
