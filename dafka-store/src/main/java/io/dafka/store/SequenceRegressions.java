package io.dafka.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.agent.Clock;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;

/**
 * The store writer's check for sequence regressions (a partition address reused by a new producer incarnation),
 * which are never silent: a live RECORD or HEAD below one received live before from that address, or a HEAD below
 * (a live RECORD at or below) the head the store held before this writer started, is counted in
 * {@link Metric#SEQUENCE_REGRESSIONS} and logged at WARN, at most once a minute per partition. A single producer
 * incarnation never sends a sequence below one it sent earlier on the same connection, nor, after the store
 * restarted, one it had sent before, so neither rule fires without a reuse. (A HEAD below a head raised by
 * DIRECT-RECORDs is not enough: the HEAD may have been queued behind them.) The head is still ACKed, which lets the
 * new incarnation notice the reuse. Writer thread only.
 */
final class SequenceRegressions
{
    /** The writer's logger, as before this check had a class of its own. */
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriterAgent.class);
    private static final long REGRESSION_WARN_INTERVAL_MILLIS = 60_000;

    private final Clock clock;
    private final NodeMetrics metrics;

    SequenceRegressions(final Clock clock, final NodeMetrics metrics)
    {
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Counts and reports (rate-limited) a live sequence that proves the partition address was reused by a new
     * producer incarnation; the class comment gives the rules.
     */
    void checkLiveSequence(final WriterPartition partition, final long sequence, final boolean head)
    {
        final boolean belowLive = sequence < partition.liveMax;
        final boolean belowStored = head ? sequence < partition.storedAtStart : sequence <= partition.storedAtStart;
        if (!belowLive && !belowStored)
        {
            partition.liveMax = Math.max(partition.liveMax, sequence);
            return;
        }
        metrics.increment(Metric.SEQUENCE_REGRESSIONS);
        final long now = clock.millis();
        if (now - partition.regressionWarnedAt >= REGRESSION_WARN_INTERVAL_MILLIS)
        {
            partition.regressionWarnedAt = now;
            LOG.warn("sequence regression in partition {} of '{}': a {} with sequence {} after {} {}; the address "
                    + "was reused by a new producer, whose records up to {} are dropped as already stored",
                partition.partition, partition.subject, head ? "HEAD" : "RECORD", sequence,
                belowLive ? "live sequence" : "stored head", belowLive ? partition.liveMax : partition.storedAtStart,
                partition.head);
        }
        partition.liveMax = sequence; // the new incarnation's stream from here on
        partition.storedAtStart = RecordStore.NONE;
    }
}
