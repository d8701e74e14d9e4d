package io.dafka.consumer;

import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's position in one partition: the last sequence delivered (-1 = none yet), the out-of-order
 * records held while a gap is being fetched, and when to ask for the gap. {@code last + 1} is the engine's
 * <em>delivery</em> position: the next record it hands over, not the next the application will poll (records
 * handed over wait in the queue). The application keeps its own <em>consumed</em> position; the two agree after
 * every seek, pause and unsubscribe because those take back what was handed over and not polled
 * ({@link CommandHandler}). Engine thread only; other threads read {@link #view()} snapshots.
 */
final class PartitionCursor
{
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerAgent.class);
    /** A partition whose sequence keeps going back is logged at most once per this interval (each one counted). */
    private static final long REGRESSION_LOG_INTERVAL_MILLIS = 60_000;
    private static final long NEVER = Long.MIN_VALUE;

    final String topic;
    final String partition;
    final GapFetcher gapFetcher = new GapFetcher();
    private final TreeMap<Long, byte[]> held = new TreeMap<>();
    /** Last sequence delivered. */
    long last;
    /** Highest sequence ever delivered (seeks do not lower it), or -1: the producer's head is never below it. */
    private long highestDelivered = -1;
    /** HEADs seen below {@link #highestDelivered}. */
    private long regressions;
    /** When a regression of this partition was last logged ({@link #NEVER} if not yet). */
    private long regressionLoggedAt = NEVER;
    /** Highest sequence known to exist beyond {@link #last} (from HEADs and out-of-order records), or -1. */
    long knownHead = -1;
    /** False until a position is chosen (start policy or seek); nothing is delivered or fetched before. */
    boolean positioned = true;
    /** The partition was started at the head a HEAD announced: its start policy judges that record first. */
    boolean headRecordPending;
    /** See {@link PartitionHead#start()}. */
    long start = -1;
    /** Paused partitions deliver and fetch nothing; their records are fetched again on resume. */
    boolean paused;
    /** A grouped consumer does not own the partition (yet): like paused, but owned by the {@link GroupLink}. */
    boolean withheld;
    /** A FETCH answer (DIRECT-RECORD) arrived beyond the gap: some store no longer holds the gap's records. */
    boolean answeredBeyondGap;
    /** Retry sweeps in a row in which the gap made no progress. */
    private int stalledSweeps;
    /** {@link #last} at the previous retry sweep. */
    private long lastAtSweep = Long.MIN_VALUE;

    PartitionCursor(final String topic, final String partition, final long last)
    {
        this.topic = topic;
        this.partition = partition;
        this.last = last;
    }

    /** Records that {@code sequence}, the one after {@link #last}, was delivered. */
    void delivered(final long sequence)
    {
        last = sequence;
        highestDelivered = Math.max(highestDelivered, sequence);
    }

    /**
     * Checks a HEAD of this partition from its producer. A producer's head never goes back, so a HEAD below a
     * sequence already delivered means the address was reused by a new producer incarnation (duplicate records
     * below the position are normal; a HEAD this low is not). A store's DIRECT-HEAD may lag and is not a head
     * to check. One false alarm remains possible in principle: a producer HEAD still queued on a backlogged
     * connection while records beyond it, served by a store, were delivered first.
     *
     * @return whether {@code headSequence} is such a regression (then counted)
     */
    boolean regressedBy(final long headSequence)
    {
        if (headSequence >= highestDelivered)
        {
            return false;
        }
        regressions++;
        return true;
    }

    long highestDelivered()
    {
        return highestDelivered;
    }

    /** Regressions seen so far (see {@link #regressedBy}). */
    long regressions()
    {
        return regressions;
    }

    /** Whether a regression seen at {@code now} should be logged: the first, then at most once per interval. */
    boolean regressionLogDue(final long now, final long intervalMillis)
    {
        if (regressionLoggedAt != NEVER && now - regressionLoggedAt < intervalMillis)
        {
            return false;
        }
        regressionLoggedAt = now;
        return true;
    }

    /** Never silent: logs a HEAD at {@code headSequence} going back (see {@link #regressedBy}), rate-limited. */
    void logRegression(final long headSequence, final long now)
    {
        if (regressionLogDue(now, REGRESSION_LOG_INTERVAL_MILLIS))
        {
            LOG.warn("partition {} of topic '{}' went back: its producer announces head {}, below sequence {} " +
                "already delivered. The address was reused by a new producer incarnation, whose records up to the " +
                "consumer's position are dropped as duplicates ({} such HEADs so far; logged at most once per {} s)",
                partition, topic, headSequence, highestDelivered, regressions, REGRESSION_LOG_INTERVAL_MILLIS / 1000);
        }
    }

    /**
     * Whether the record that follows the position is delivered: only a pending head record may be skipped.
     *
     * @param subscribedAt when the application subscribed to the topic (ms since the epoch)
     */
    boolean judgeHeadRecord(final StartPolicy policy, final long sequence, final byte[] content,
        final long subscribedAt)
    {
        if (!headRecordPending)
        {
            return true;
        }
        headRecordPending = false;
        final boolean delivered = policy.deliversHeadRecord(topic, partition, sequence, content, subscribedAt);
        start = delivered ? sequence : sequence + 1;
        return delivered;
    }

    /** Holds an out-of-order record if there is room; returns whether it was kept. */
    boolean hold(final long sequence, final byte[] content, final int capacity)
    {
        if (held.size() >= capacity && sequence > held.lastKey())
        {
            return false;
        }
        if (held.putIfAbsent(sequence, content) != null)
        {
            return false;
        }
        if (held.size() > capacity)
        {
            held.pollLastEntry(); // keep the records nearest to the gap
        }
        return true;
    }

    /** Removes and returns the held record that follows {@link #last}, or null. */
    byte[] takeNext()
    {
        final Map.Entry<Long, byte[]> first = held.firstEntry();
        if (first == null || first.getKey() != last + 1)
        {
            return null;
        }
        held.pollFirstEntry();
        return first.getValue();
    }

    /** Drops held records at or below {@link #last} (delivered meanwhile by another route). */
    void discardDelivered()
    {
        while (!held.isEmpty() && held.firstKey() <= last)
        {
            held.pollFirstEntry();
        }
    }

    /** The end (exclusive) of the current gap as far as held records tell, or {@code fallback}. */
    long gapEnd(final long fallback)
    {
        return held.isEmpty() ? fallback : Math.min(fallback, held.firstKey());
    }

    boolean holdsRecords()
    {
        return !held.isEmpty();
    }

    long highestHeld()
    {
        return held.isEmpty() ? last : held.lastKey();
    }

    /** Whether records of this partition are delivered (and missing ones fetched) now. */
    boolean active()
    {
        return positioned && !paused && !withheld;
    }

    /**
     * Moves the position to {@code sequence}, forgetting held records and outstanding requests; the records
     * delivered so far are still known to exist (fetched again after a move back).
     */
    void reposition(final long sequence)
    {
        knownHead = Math.max(knownHead, last);
        last = sequence - 1;
        positioned = true;
        headRecordPending = false;
        start = sequence;
        held.clear();
        gapFetcher.reset();
        answeredBeyondGap = false;
        stalledSweeps = 0;
    }

    /**
     * A seek to {@code sequence}, the record the application polls next anyway: the position, the held records and
     * the outstanding request stay; only the start moves there, as after {@link #reposition}.
     */
    void stayAt(final long sequence)
    {
        headRecordPending = false;
        start = sequence;
    }

    /**
     * At a retry sweep: gives the gap up if it made no progress for {@code sweepsBeforeSkipping} sweeps while a
     * store answered beyond it (its records are gone there), moving {@link #last} to just before the lowest held
     * record. Progress or silence resets the count, so a gap no store answered is never skipped.
     *
     * @return the records skipped, 0 if the gap is kept
     */
    long skipGapIfGone(final int sweepsBeforeSkipping)
    {
        final long lastDelivered = last;
        if (lastDelivered == lastAtSweep)
        {
            stalledSweeps++;
        }
        else
        {
            stalledSweeps = 0;
            answeredBeyondGap = false; // evidence counts only while the gap stalls: the next answer renews it
        }
        lastAtSweep = lastDelivered;
        final long lowest = lowestHeld();
        if (stalledSweeps < sweepsBeforeSkipping || !answeredBeyondGap || lowest < 0)
        {
            return 0;
        }
        last = lowest - 1;
        if (headRecordPending)
        {
            headRecordPending = false;
            start = lowest;
        }
        answeredBeyondGap = false;
        stalledSweeps = 0;
        gapFetcher.reset();
        return lowest - (lastDelivered + 1);
    }

    /** The lowest held sequence, or -1 if nothing is held. */
    long lowestHeld()
    {
        return held.isEmpty() ? -1 : held.firstKey();
    }

    PartitionHead view()
    {
        final long lastDelivered = last;
        return new PartitionHead(topic, partition, Math.max(knownHead, positioned ? lastDelivered : -1),
            positioned ? lastDelivered + 1 : -1, start);
    }
}
