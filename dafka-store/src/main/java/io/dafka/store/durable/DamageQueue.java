package io.dafka.store.durable;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.store.RecordStore;

/**
 * Damaged segments found by reads (reader thread) or the scrub (scrub thread), waiting for the writer thread to cut
 * the damage out of the log ({@link SegmentedLog#cut}); a cut that fails (e.g. the disk is full) is retried a second
 * later. The only state shared between those threads here is the concurrent queue.
 */
final class DamageQueue
{
    private static final Logger LOG = LoggerFactory.getLogger(DamageQueue.class);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Queue<Damage> pending = new ConcurrentLinkedQueue<>();

    /** A damaged segment of {@code log}, to cut as soon as possible; any thread. */
    void report(final SegmentedLog log, final Segment segment)
    {
        pending.add(new Damage(log, segment, System.nanoTime()));
    }

    /** Cuts every damage due, telling {@code visitor} of each partition cut (writer thread). */
    void cutAll(final RecordStore.DamageVisitor visitor)
    {
        final long now = System.nanoTime();
        for (int left = pending.size(); left > 0; left--)
        {
            final Damage found = pending.poll();
            if (found == null)
            {
                return;
            }
            if (now - found.notBefore < 0)
            {
                pending.add(found);
                continue;
            }
            final SegmentedLog log = found.log;
            try
            {
                final long lost = log.cut(found.segment);
                if (lost >= 0)
                {
                    LOG.warn("partition {} of '{}': cut the damaged records out of segment {}; {} record(s) to fetch "
                        + "from peers, head {}", log.partition(), log.subject(), found.segment.path().getFileName(),
                        lost, log.head());
                    visitor.onCut(log.subject(), log.partition(), log.head(), lost);
                }
            }
            catch (final IOException | RuntimeException e)
            {
                LOG.error("partition {} of '{}': cannot cut the damaged records out of segment {} (retrying): {}",
                    log.partition(), log.subject(), found.segment.path().getFileName(), e.toString());
                pending.add(new Damage(log, found.segment, now + RETRY_NANOS));
            }
        }
    }

    /** A damaged segment, not to be cut before {@code notBefore} ({@link System#nanoTime()}). */
    private record Damage(SegmentedLog log, Segment segment, long notBefore)
    {
    }
}
