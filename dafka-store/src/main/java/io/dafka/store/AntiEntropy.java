package io.dafka.store;

import io.dafka.agent.Clock;
import io.dafka.codec.StoreHeads;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;

/**
 * The store writer's anti-entropy (Java only, docs/protocol-extensions.md): for each partition of another store's
 * STORE-HEADS of which this store holds less, the writer FETCHes the gap as for a HEAD, so stores converge with no
 * producer alive and a wiped store rebuilds. A partition it holds nothing of, whose peers all report a first
 * sequence above 0 (their retention deleted the start), starts at the lowest such first, when exactly that record
 * arrives as a DIRECT-RECORD, and only once the partition was reported for a full {@code store.sync.interval}, so
 * that every connected peer has summarised it ({@link #mayStartAtPeerFirst}). Writer thread only.
 */
final class AntiEntropy
{
    /** Asks for the records after a partition's head, up to {@code until} (exclusive). */
    @FunctionalInterface
    interface GapFetch
    {
        void fetchGap(WriterPartition partition, long until);
    }

    private final String address;
    private final Clock clock;
    private final NodeMetrics metrics;
    private final long syncIntervalMillis;
    private final WriterPartitions partitions;
    private final GapFetch gaps;

    /**
     * @param address this store writer's address: its own store's summary is ignored
     */
    AntiEntropy(final String address, final Clock clock, final NodeMetrics metrics, final long syncIntervalMillis,
        final WriterPartitions partitions, final GapFetch gaps)
    {
        this.address = address;
        this.clock = clock;
        this.metrics = metrics;
        this.syncIntervalMillis = syncIntervalMillis;
        this.partitions = partitions;
        this.gaps = gaps;
    }

    /**
     * Another store's summary: fetch every partition it holds more of. Entries that cannot be real (bad address,
     * first above head) are dropped and counted one by one.
     */
    void onStoreHeads(final StoreHeads heads)
    {
        if (heads.address().equals(address))
        {
            return; // our own store's summary
        }
        final long now = clock.millis();
        for (int i = 0; i < heads.count(); i++)
        {
            final long first = heads.first(i);
            final long peerHead = heads.head(i);
            if (first < 0 || peerHead < first)
            {
                metrics.increment(Metric.MALFORMED_DROPPED);
                continue;
            }
            final WriterPartition partition = partitions.partition(heads.subject(i), heads.partition(i), peerHead);
            if (partition == null || partition.head >= peerHead)
            {
                continue;
            }
            if (partition.head == RecordStore.NONE)
            {
                partition.peerHolds(heads.address(), first, now);
            }
            gaps.fetchGap(partition, peerHead + 1);
        }
    }

    /**
     * Whether a partition the store holds nothing of may start at the DIRECT-RECORD {@code sequence} (above 0):
     * it is the lowest first sequence that any peer store reported within the last three summaries, so no
     * reachable store holds anything before it, and the partition was reported for a full sync interval, so every
     * connected peer had the time to report a lower one. Safe for the producer too: a store's summary lists only
     * what it stored, and it ACKed it cumulatively, so the ACK that follows the start releases nothing the peer's
     * ACK had not released.
     */
    boolean mayStartAtPeerFirst(final WriterPartition partition, final long sequence)
    {
        return sequence > 0 && partition.lowestPeerFirst(clock.millis(), syncIntervalMillis) == sequence;
    }
}
