package io.dafka.store.durable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs updates of the Chronicle Map index after the log itself is durable. The log is the source of truth and
 * recovery corrects the index from it, so a failed index update (its memory-mapped file on a full disk raises an
 * {@link InternalError} from the page fault) must not turn records already durable into an error: it is logged and
 * the store goes on.
 */
final class IndexUpdates
{
    private static final Logger LOG = LoggerFactory.getLogger(IndexUpdates.class);

    private IndexUpdates()
    {
    }

    static void run(final String partition, final Runnable update)
    {
        try
        {
            update.run();
        }
        catch (final RuntimeException | InternalError e)
        {
            LOG.warn("could not update the index of partition {} (the log is intact; the next start corrects the "
                + "index from it): {}", partition, e.toString());
        }
    }
}
