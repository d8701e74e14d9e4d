package io.dafka.store.durable;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background scrub: verifies every record of every sealed segment (CRC and sequence), reading at most
 * {@code store.scrub.rate} bytes per second, and hands damage it finds to the same handler as damage found by a
 * read, which has the writer cut it out and fetch it again. The newest segment of a partition is left to recovery
 * and reads: it is still being written. Runs on the store's scrub thread, without the log's lock: a segment deleted
 * or cut meanwhile fails its read and is skipped.
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

    /** Verifies every sealed segment of {@code logs} once; returns how many were found damaged. */
    int pass(final Collection<SegmentedLog> logs)
    {
        int damaged = 0;
        for (final SegmentedLog log : logs)
        {
            final Segment[] segments = log.segments();
            for (int i = 0; i < segments.length - 1 && !stopped.getAsBoolean(); i++)
            {
                final Segment segment = segments[i];
                if (segment.corruptAt() >= 0)
                {
                    continue; // already reported, waiting to be cut
                }
                try
                {
                    if (!segment.verify(this::throttle) && segment.claimCorruptionReport())
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

    /** Sealed segments verified so far. */
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
