package io.dafka.store.durable;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background scrub: verifies every published record of every segment (CRC and sequence), the newest one's up
 * to its published end, reading at most {@code store.scrub.rate} bytes per second, and hands damage it finds to the
 * same handler as damage found by a read, which has the writer cut it out and fetch it again. Damage in records no
 * consumer reads is found this way too, so a store repairs it from its peers before it is the last copy. Runs on the
 * store's scrub thread, without the log's lock: published bytes never change, and a segment deleted or cut meanwhile
 * fails its read and is skipped.
 */
final class Scrub
{
    private static final Logger LOG = LoggerFactory.getLogger(Scrub.class);

    private final long bytesPerSecond;
    private final LogContext.CorruptionListener damage;
    private final BooleanSupplier stopped;
    private final AtomicLong verified = new AtomicLong();

    /**
     * @param damage  told of each damaged segment found (once per segment)
     * @param stopped whether the store is closing: the pass ends and stops throttling
     */
    Scrub(final long bytesPerSecond, final LogContext.CorruptionListener damage, final BooleanSupplier stopped)
    {
        this.bytesPerSecond = bytesPerSecond;
        this.damage = damage;
        this.stopped = stopped;
    }

    /** Verifies every segment of {@code logs} once; returns how many were found damaged. */
    int pass(final Collection<SegmentedLog> logs)
    {
        int damaged = 0;
        for (final SegmentedLog log : logs)
        {
            final Segment[] segments = log.segments();
            for (int i = 0; i < segments.length && !stopped.getAsBoolean(); i++)
            {
                final Segment segment = segments[i];
                if (segment.damage().at() >= 0)
                {
                    continue; // already reported, waiting to be cut
                }
                try
                {
                    if (!segment.verify(this::throttle) && segment.damage().claimReport())
                    {
                        damaged++;
                        damage.onCorruptRead(log, segment);
                    }
                    verified.incrementAndGet();
                }
                catch (final IOException e)
                {
                    LOG.debug("scrub skipped {} (deleted or cut meanwhile): {}", segment.path(), e.toString());
                }
            }
        }
        return damaged;
    }

    /** Segments verified so far. */
    long verified()
    {
        return verified.get();
    }

    /** Holds the pass to the rate after it read {@code bytes}. */
    private void throttle(final long bytes)
    {
        if (!stopped.getAsBoolean())
        {
            LockSupport.parkNanos(bytes * 1_000_000_000L / bytesPerSecond);
        }
    }
}
