package io.dafka.store.durable;

/**
 * Which old segments of a partition retention deletes: whole segments, oldest first, never the active (newest)
 * one and never one holding a record not yet durable.
 * <ul>
 *   <li>by age ({@code store.retention.ms} &gt; 0): a segment whose newest record was appended more than that long
 *       ago;</li>
 *   <li>by size ({@code store.retention.bytes} &gt; 0): the oldest segments while the partition's files hold more
 *       than that many bytes.</li>
 * </ul>
 * Deletion stops at the first segment that neither rule selects, so what remains is always consecutive.
 *
 * @param maxAgeMillis 0 = no limit
 * @param maxBytes     0 = no limit
 */
record Retention(long maxAgeMillis, long maxBytes)
{
    /** Whether any limit is set. */
    boolean enabled()
    {
        return maxAgeMillis > 0 || maxBytes > 0;
    }

    /** How many of the oldest {@code segments} to delete at {@code now} (wall-clock ms), given the durable head. */
    int deletable(final Segment[] segments, final long head, final long now)
    {
        long total = 0;
        for (final Segment segment : segments)
        {
            total += segment.size();
        }
        int count = 0;
        for (int i = 0; i < segments.length - 1; i++)
        {
            final Segment segment = segments[i];
            final boolean old = maxAgeMillis > 0 && segment.maxTimestamp() != Long.MIN_VALUE &&
                now - segment.maxTimestamp() > maxAgeMillis;
            final boolean tooBig = maxBytes > 0 && total > maxBytes;
            if (segment.last() > head || !(old || tooBig))
            {
                break;
            }
            total -= segment.size();
            count++;
        }
        return count;
    }
}
