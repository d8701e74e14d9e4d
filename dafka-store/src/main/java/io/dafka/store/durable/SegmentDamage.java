package io.dafka.store.durable;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first damaged frame found in one segment file, by a read, a first scan or the scrub: where it is, what was
 * wrong, and whether someone already reported it (to have it repaired). Any thread.
 */
final class SegmentDamage
{
    private final String fileName;
    private long at = -1;
    private String reason;
    private final AtomicBoolean reported = new AtomicBoolean();

    SegmentDamage(final String fileName)
    {
        this.fileName = fileName;
    }

    /** Records damage at {@code position} unless damage before it is already recorded. */
    synchronized void mark(final long position, final String what)
    {
        if (at < 0 || position < at)
        {
            reason = what + " of " + fileName;
            at = position;
        }
    }

    /** Forgets the damage: the file was cut before it. */
    synchronized void clear()
    {
        at = -1;
        reason = null;
        reported.set(false);
    }

    /** Where the first damaged frame starts, or -1. */
    synchronized long at()
    {
        return at;
    }

    /** What was wrong at {@link #at()}, or null. */
    synchronized String reason()
    {
        return reason;
    }

    /** Claims the report of this damage: true once, for the first caller. */
    boolean claimReport()
    {
        return reported.compareAndSet(false, true);
    }
}
