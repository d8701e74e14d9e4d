package io.dafka.store;

import java.util.HashMap;
import java.util.Map;

import io.dafka.consumer.GapFetcher;

/**
 * What the store writer remembers about one partition: its head, its FETCH policy, whether to ACK it, when it
 * first saw the partition without holding any of it (for mid-stream adoption), what it saw live (for sequence
 * regressions), and the first sequences peer stores hold while it holds nothing (for anti-entropy).
 */
final class WriterPartition
{
    final String subject;
    final String partition;
    final GapFetcher fetcher = new GapFetcher();
    final long seenAt;
    long head;
    boolean touched;
    /** The head the store held before this writer started, until a regression is found; NONE then. */
    long storedAtStart;
    /** The highest sequence received live (RECORD, HEAD) from the partition's current producer. */
    long liveMax = RecordStore.NONE;
    /** When the last sequence regression was logged. */
    long regressionWarnedAt = Long.MIN_VALUE / 2;
    /** Per peer store writer: {first, reported at}; null unless peers reported it while the store held nothing. */
    private Map<String, long[]> peerFirsts;
    private long firstReportedAt;

    WriterPartition(final String subject, final String partition, final long head, final long seenAt)
    {
        this.subject = subject;
        this.partition = partition;
        this.head = head;
        this.seenAt = seenAt;
        this.storedAtStart = head;
    }

    /** A peer store reported holding this partition from {@code first} on. */
    void peerHolds(final String peer, final long first, final long now)
    {
        if (peerFirsts == null)
        {
            peerFirsts = new HashMap<>(4);
            firstReportedAt = now;
        }
        peerFirsts.put(peer, new long[] {first, now});
    }

    /**
     * The lowest first sequence reported by peers within the last three sync intervals, once the partition has
     * been reported for at least one; {@link RecordStore#NONE} otherwise.
     */
    long lowestPeerFirst(final long now, final long syncIntervalMillis)
    {
        if (peerFirsts == null || now - firstReportedAt < syncIntervalMillis)
        {
            return RecordStore.NONE;
        }
        long lowest = Long.MAX_VALUE;
        for (final long[] report : peerFirsts.values())
        {
            if (now - report[1] <= 3 * syncIntervalMillis)
            {
                lowest = Math.min(lowest, report[0]);
            }
        }
        return lowest == Long.MAX_VALUE ? RecordStore.NONE : lowest;
    }

    /** Drops the peer reports once the partition holds a record. */
    void forgetPeerFirsts()
    {
        peerFirsts = null;
    }
}
