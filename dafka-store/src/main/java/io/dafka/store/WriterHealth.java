package io.dafka.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store writer's degraded state: entered when a write fails, left when a retried write succeeds. While degraded
 * the writer stores nothing until the back-off ({@value #FIRST_BACKOFF_MILLIS} ms, doubling up to
 * {@value #MAX_BACKOFF_MILLIS} ms) has passed; then it tries the next batch. One log line when it degrades, one when it
 * heals; the state is published for other threads as an immutable {@link StoreHealth}. Writer thread only, except
 * {@link #current()}.
 */
final class WriterHealth
{
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(WriterHealth.class);

    private final StoreHealth.Listener listener;
    private volatile StoreHealth current = StoreHealth.HEALTHY;
    private long backoff;
    private long retryAt;

    WriterHealth(final StoreHealth.Listener listener)
    {
        this.listener = listener;
    }

    /** Whether the writer may try to store now: it is healthy, or the back-off since the last failure is over. */
    boolean mayWrite(final long now)
    {
        return !current.degraded() || now >= retryAt;
    }

    /** A write failed at {@code now}: degrade (once) and back off. */
    void failed(final long now, final StoreWriteException failure)
    {
        if (current.degraded())
        {
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            LOG.debug("store still degraded: {}", failure.getMessage());
        }
        else
        {
            backoff = FIRST_BACKOFF_MILLIS;
            LOG.error("store degraded: {}; nothing beyond the durable heads is ACKed, reads are still served, "
                + "writes are retried with back-off", failure.getMessage());
            change(new StoreHealth(true, failure.getMessage(), System.currentTimeMillis()));
        }
        retryAt = now + backoff;
    }

    /** A batch was made durable: heal if degraded. */
    void succeeded()
    {
        if (current.degraded())
        {
            LOG.info("store healthy again: writes succeed (degraded since {} ms ago)",
                System.currentTimeMillis() - current.since());
            change(new StoreHealth(false, null, System.currentTimeMillis()));
        }
    }

    boolean degraded()
    {
        return current.degraded();
    }

    /** The last published state; any thread. */
    StoreHealth current()
    {
        return current;
    }

    private void change(final StoreHealth health)
    {
        current = health;
        listener.onHealthChanged(health);
    }
}
