package io.dafka.consumer;

/**
 * Decides when to ask for the missing records of one partition, for consumers and store writers alike. C asks up to
 * the end of a 100 000-record window and at most once a second (docs/protocol.md#fetching-missed-records); this
 * asks for the real gap (capped), never again while an earlier request still covers the first missing record and
 * answers keep arriving, and again after {@code retryMillis} without progress, so a lost FETCH is repaired by the
 * next HEAD or out-of-order record (docs/protocol.md#gap-requests-and-retries, scenario 27).
 */
public final class GapFetcher
{
    private long requestedFrom = -1;
    private long requestedUntil = -1;
    private long retryAt;

    /**
     * How many records to request from {@code from} now, or 0 if an outstanding request already covers it.
     *
     * @param from        first missing sequence
     * @param until       first sequence known not to be missing (exclusive end of the gap)
     * @param now         current time, ms
     * @param retryMillis how long a request without progress stays outstanding
     * @param maxCount    most records asked at once
     */
    public long toRequest(final long from, final long until, final long now, final long retryMillis,
        final long maxCount)
    {
        if (until <= from)
        {
            return 0;
        }
        if (from >= requestedFrom && from < requestedUntil)
        {
            if (from > requestedFrom)
            {
                requestedFrom = from; // answers arrive: the request is alive
                retryAt = now + retryMillis;
            }
            if (now < retryAt)
            {
                return 0;
            }
        }
        final long count = Math.min(until - from, maxCount);
        requestedFrom = from;
        requestedUntil = from + count;
        retryAt = now + retryMillis;
        return count;
    }

    /** Forgets the outstanding request, e.g. after a seek. */
    public void reset()
    {
        requestedFrom = -1;
        requestedUntil = -1;
    }
}
