package io.dafka.store.durable;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.dafka.agent.Clock;

/**
 * The gaps of a partition's log: the records below its head that it lacks (between segments, after damage was cut
 * out), and when each gap was first seen, so that an answer to a FETCH gives up on a gap no peer fills. Recomputed
 * by the log after each structural change (writer only); read by any thread.
 */
final class LogGaps
{
    private static final long[] NO_GAPS = new long[0];

    /** When each gap was first seen, by the first sequence after it (stable while the gap is being filled). */
    private final Map<Long, Long> gapSince = new ConcurrentHashMap<>();
    /** Pairs {from, to} (inclusive) of the records below the head that the log lacks, oldest first. */
    private volatile long[] gaps = NO_GAPS;

    /** The records below the head the log lacks, as pairs {from, to} (inclusive), oldest first; any thread. */
    long[] all()
    {
        return gaps;
    }

    /**
     * Where an answer to a FETCH from {@code from} may go on: the record after the gap holding {@code from} if that
     * gap has lasted {@code giveUpMillis}, otherwise {@code from}; any thread.
     */
    long resumeAt(final long from, final long now, final long giveUpMillis)
    {
        final long[] missing = gaps;
        for (int i = 0; i < missing.length; i += 2)
        {
            if (from >= missing[i] && from <= missing[i + 1])
            {
                final Long since = gapSince.get(missing[i + 1] + 1);
                return since != null && now - since >= giveUpMillis ? missing[i + 1] + 1 : from;
            }
        }
        return from;
    }

    /** Recomputes the gaps between {@code all} (oldest first) and notes when each new one appeared (writer only). */
    void refresh(final Segment[] all, final Clock wallClock)
    {
        long[] found = NO_GAPS;
        int count = 0;
        for (int i = 0; i + 1 < all.length; i++)
        {
            final long from = all[i].last() + 1;
            final long to = all[i + 1].base() - 1;
            if (from <= to)
            {
                if (found.length == count)
                {
                    found = Arrays.copyOf(found, Math.max(4, count * 2));
                }
                found[count++] = from;
                found[count++] = to;
            }
        }
        final long[] now = Arrays.copyOf(found, count);
        final long seenAt = wallClock.millis();
        final Set<Long> ends = new HashSet<>();
        for (int i = 1; i < now.length; i += 2)
        {
            ends.add(now[i] + 1);
            gapSince.putIfAbsent(now[i] + 1, seenAt);
        }
        gapSince.keySet().retainAll(ends);
        gaps = now;
    }
}
