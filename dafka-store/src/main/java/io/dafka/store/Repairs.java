package io.dafka.store;

import java.util.function.Consumer;

import io.dafka.agent.Clock;

/**
 * The store writer's repair of damaged records: it has the store cut damage that reads or the scrub found out of the
 * log (the records become gaps below the head), asks peers for every gap with a FETCH at once and again every
 * retry interval until it is filled, and writes the answers into the gaps. The partition's ACK never covers less
 * than before: its records were acknowledged when they were first stored. Writer thread only.
 */
final class Repairs
{
    /** Sends a FETCH for {@code count} records of a partition from {@code from} on. */
    @FunctionalInterface
    interface FetchSender
    {
        void fetch(String subject, String partition, long from, long count);
    }

    /** Hears that a partition's damaged records were cut out and its head is now {@code head}. */
    @FunctionalInterface
    interface CutListener
    {
        void onCut(String subject, String partition, long head);
    }

    private final RecordStore store;
    private final Clock clock;
    private final long retryMillis;
    private final long maxFetchCount;
    private final FetchSender fetches;
    private final CutListener cuts;
    private final Consumer<StoreWriteException> failures;
    private long fetchDueAt;
    private boolean gapsKnown = true; // recovery may have left gaps: look once at start

    Repairs(final RecordStore store, final Clock clock, final long retryMillis, final long maxFetchCount,
        final FetchSender fetches, final CutListener cuts, final Consumer<StoreWriteException> failures)
    {
        this.store = store;
        this.clock = clock;
        this.retryMillis = retryMillis;
        this.maxFetchCount = maxFetchCount;
        this.fetches = fetches;
        this.cuts = cuts;
        this.failures = failures;
    }

    /** Cuts newly found damage out and asks for the records of every gap when due; returns the work done. */
    int doWork()
    {
        final int[] work = {0};
        store.cutDamage((subject, partition, head, lost) ->
        {
            cuts.onCut(subject, partition, head);
            gapsKnown = true;
            fetchDueAt = 0;
            work[0]++;
        });
        final long now = clock.millis();
        if (gapsKnown && now >= fetchDueAt)
        {
            gapsKnown = false;
            store.forEachGap((subject, partition, from, to) ->
            {
                gapsKnown = true;
                fetches.fetch(subject, partition, from, Math.min(maxFetchCount, to - from + 1));
                work[0]++;
            });
            fetchDueAt = now + retryMillis;
        }
        return work[0];
    }

    /** When the next FETCHes for gaps are due, for the writer's idle wait. */
    long idleMillis()
    {
        return gapsKnown ? Math.max(0, fetchDueAt - clock.millis()) : Long.MAX_VALUE;
    }

    /** Writes a record the store lacks below the head; false if it is not missing (a duplicate) or the write failed. */
    boolean fill(final WriterPartition partition, final long sequence, final byte[] content)
    {
        if (!gapsKnown)
        {
            return false;
        }
        try
        {
            return store.fill(partition.subject, partition.partition, sequence, content);
        }
        catch (final StoreWriteException e)
        {
            failures.accept(e);
            return false;
        }
    }
}
