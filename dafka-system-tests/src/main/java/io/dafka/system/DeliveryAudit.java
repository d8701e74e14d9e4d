package io.dafka.system;

import java.time.Duration;
import java.util.BitSet;

/**
 * Audits what one consumer received of one partition whose producer sent sequences {@code 0..sent-1}: a record
 * seen twice is a duplicate, one whose sequence is lower than the previous one is reordered, one never seen is
 * lost. Single-threaded: feed it from the thread that consumes.
 */
public final class DeliveryAudit
{
    private final long sent;
    private final BitSet seen = new BitSet();
    private long delivered;
    private long duplicated;
    private long reordered;
    private long last = -1;

    public DeliveryAudit(final long sent)
    {
        this.sent = sent;
    }

    /** Records that the consumer received {@code sequence}. */
    public void received(final long sequence)
    {
        delivered++;
        if (sequence < last)
        {
            reordered++;
        }
        last = Math.max(last, sequence);
        final int index = Math.toIntExact(sequence);
        if (seen.get(index))
        {
            duplicated++;
        }
        seen.set(index);
    }

    /** Every sent sequence has been seen at least once. */
    public boolean complete()
    {
        return seen.nextClearBit(0) >= sent;
    }

    /** The sequences seen so far (a copy). */
    public BitSet seen()
    {
        return (BitSet)seen.clone();
    }

    public long sent()
    {
        return sent;
    }

    public long delivered()
    {
        return delivered;
    }

    public Figure figure(final String scenario, final Duration converge)
    {
        final long distinct = seen.get(0, Math.toIntExact(sent)).cardinality();
        return new Figure(scenario, sent, delivered, sent - distinct, duplicated, reordered, converge, "", null);
    }
}
