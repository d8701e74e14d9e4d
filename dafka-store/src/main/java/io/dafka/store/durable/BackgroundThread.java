package io.dafka.store.durable;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread of the store (retention, scrub) that runs a pass every interval, the first one interval after it
 * starts; a pass that fails is logged and the next one runs all the same. {@link #stop} lets a running pass finish.
 */
final class BackgroundThread
{
    /** The store's logger, as before these threads had a class of their own. */
    private static final Logger LOG = LoggerFactory.getLogger(DurableRecordStore.class);

    private final ScheduledExecutorService executor;

    /**
     * @param name the thread's name
     * @param what what a pass does, in the log line of a failed pass
     */
    BackgroundThread(final String name, final String what, final long intervalMillis, final Runnable pass)
    {
        executor = Executors.newSingleThreadScheduledExecutor(task ->
        {
            final Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() ->
        {
            try
            {
                pass.run();
            }
            catch (final RuntimeException e)
            {
                LOG.warn("{} pass failed", what, e);
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the thread and waits for a running pass to finish, keeping the caller's interrupt status. */
    void stop()
    {
        executor.shutdown(); // no interrupt: it would close the channels of a running pass
        boolean interrupted = false;
        while (true)
        {
            try
            {
                if (executor.awaitTermination(1, TimeUnit.MINUTES))
                {
                    break;
                }
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
