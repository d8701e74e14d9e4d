package io.dafka.consumer;

import org.zeromq.ZMQ;

import io.dafka.agent.Clock;
import io.dafka.codec.Fetch;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;

/**
 * The consumer's FETCHes for the gaps of its partitions: what to ask (bounded, not repeated before the retry
 * interval) and when to sweep the partitions for gaps whose answers never came.
 */
final class GapRequests
{
    /**
     * Retry sweeps without progress after which a gap that a store answered beyond is given up: the records were
     * deleted by retention everywhere that was asked (Kafka's "offset out of range", reset to the first record
     * available). Without such an answer (e.g. during a network cut) a gap is never skipped.
     */
    static final int SWEEPS_BEFORE_SKIPPING = 3;

    private final Fetch fetch = new Fetch();
    private final String consumerAddress;
    private final NodeMetrics metrics;
    private final Clock clock;
    private final long retryMillis;
    private final long maxCount;
    private long nextSweepAt;

    GapRequests(final String consumerAddress, final NodeMetrics metrics, final Clock clock, final long retryMillis,
        final long maxCount)
    {
        this.consumerAddress = consumerAddress;
        this.metrics = metrics;
        this.clock = clock;
        this.retryMillis = retryMillis;
        this.maxCount = maxCount;
        this.nextSweepAt = clock.millis() + retryMillis;
    }

    /** Asks for the records after {@code cursor.last} up to {@code highestKnown}, unless already asked. */
    void request(final ZMQ.Socket publisher, final PartitionCursor cursor, final long highestKnown)
    {
        cursor.knownHead = Math.max(cursor.knownHead, highestKnown);
        final long from = cursor.last + 1;
        final long until = cursor.gapEnd(cursor.knownHead + 1);
        final long count = cursor.gapFetcher.toRequest(from, until, clock.millis(), retryMillis, maxCount);
        if (count > 0)
        {
            fetch.set(cursor.partition, consumerAddress, cursor.topic, from, count);
            metrics.increment(Metric.FETCHES_SENT);
            MessageChannel.send(publisher, fetch);
        }
    }

    /** Whether a retry sweep is due now (then the next one is one retry interval away). */
    boolean sweepDue()
    {
        final long now = clock.millis();
        if (now < nextSweepAt)
        {
            return false;
        }
        nextSweepAt = now + retryMillis;
        return true;
    }

    long millisToSweep()
    {
        return Math.max(0, nextSweepAt - clock.millis());
    }
}
