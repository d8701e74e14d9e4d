package io.dafka.store.durable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.dafka.store.StoreWriteException;

/**
 * The partition logs appended to or repaired since the last flush: the next flush writes, forces (policy
 * {@code batch}) and publishes them, and a failed write rolls them back to their durable heads, so the store holds
 * exactly what is durable. Counts flushes and failures. Writer only (the counters are read by any thread).
 */
final class WriteBatch
{
    private final Path directory;
    private final List<SegmentedLog> touched = new ArrayList<>();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();

    /** @param directory the store directory, named in failures */
    WriteBatch(final Path directory)
    {
        this.directory = directory;
    }

    /** {@code log} is being appended to or repaired: the next flush covers it. */
    void touch(final SegmentedLog log)
    {
        if (log.markTouched())
        {
            touched.add(log);
        }
    }

    /** Flushes every touched log (see {@link SegmentedLog#flush}); on a failure the rest is rolled back. */
    void flush(final boolean force)
    {
        boolean published = false;
        for (int i = 0; i < touched.size(); i++)
        {
            final SegmentedLog log = touched.get(i);
            try
            {
                published |= log.flush(force);
            }
            catch (final IOException e)
            {
                throw failed("cannot flush partition " + log.partition() + " of '" + log.subject() + "'", e, i);
            }
        }
        touched.clear();
        if (published)
        {
            flushes.incrementAndGet();
        }
    }

    /**
     * Rolls back every touched log from {@code from} on (those before it were flushed) to its durable head, so the
     * store holds exactly what is durable, and describes the failure.
     */
    StoreWriteException failed(final String what, final IOException cause, final int from)
    {
        writeFailures.incrementAndGet();
        for (int i = from; i < touched.size(); i++)
        {
            final SegmentedLog log = touched.get(i);
            try
            {
                log.rollback();
            }
            catch (final IOException e)
            {
                cause.addSuppressed(e);
            }
        }
        touched.clear();
        return new StoreWriteException(what + " in " + directory + ": " + cause.getMessage(), cause);
    }

    /** Flushes that published records since open. */
    long flushes()
    {
        return flushes.get();
    }

    /** Appends and flushes that failed since open (each rolled back to the durable heads). */
    long writeFailures()
    {
        return writeFailures.get();
    }
}
