package io.dafka.store.durable;

import java.io.IOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which old segments of a partition retention deletes ({@link #deletable}; {@link #deleteFrom} deletes them): whole
 * segments, oldest first, never the active (newest) one and never one holding a record not yet durable.
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
    /** The store's logger, as before the deletion moved here. */
    private static final Logger LOG = LoggerFactory.getLogger(DurableRecordStore.class);

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

    /**
     * Deletes the oldest segments of {@code log} that {@link #deletable} selects at {@code now}; a failure is logged.
     *
     * @return how many segments were deleted
     */
    int deleteFrom(final SegmentedLog log, final long now)
    {
        final int count = deletable(log.segments(), log.head(), now);
        if (count > 0)
        {
            try
            {
                final List<Segment> removed = log.deleteOldest(count);
                if (!removed.isEmpty())
                {
                    LOG.info("retention deleted {} segment(s) of partition {} of '{}': now from sequence {}",
                        removed.size(), log.partition(), log.subject(), log.first());
                }
                return removed.size();
            }
            catch (final IOException e)
            {
                LOG.warn("retention could not delete a segment of {}", log.name(), e);
            }
        }
        return 0;
    }
}
