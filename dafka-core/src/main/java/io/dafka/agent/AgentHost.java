package io.dafka.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import io.dafka.DafkaException;
import io.dafka.DafkaResourceException;

/**
 * The life of one node: a ZeroMQ context (with its I/O thread) and the runner thread of the node's agent.
 * Start-up either completes or fails with a {@link DafkaException}, leaving no thread or socket behind.
 */
public final class AgentHost implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(AgentHost.class);

    private final ZContext context;
    private final AgentRunner runner;
    private boolean closed;

    private AgentHost(final Agent agent, final String threadName)
    {
        this.context = newContext(agent);
        try
        {
            this.runner = new AgentRunner(agent, context, threadName);
        }
        catch (final RuntimeException e)
        {
            context.close();
            throw e;
        }
    }

    /** A context of one I/O thread; JeroMQ opens its first descriptors here, so running out of them fails here. */
    private static ZContext newContext(final Agent agent)
    {
        try
        {
            final ZContext context = new ZContext(1);
            context.setLinger(0);
            return context;
        }
        catch (final RuntimeException e)
        {
            throw startFailure(agent.roleName() + " failed to start", e);
        }
    }

    /** Starts {@code agent} on a new thread and waits until its sockets are set up. */
    public static AgentHost start(final Agent agent, final String threadName)
    {
        final AgentHost host = new AgentHost(agent, threadName);
        host.await(host.runner.start(), Long.MAX_VALUE, () -> agent.roleName() + " failed to start");
        return host;
    }

    /**
     * Waits for {@code condition} (e.g. the tower's welcome); on failure or timeout closes the node and throws.
     *
     * @param failure describes what did not happen, for the exception message
     */
    public void await(final CompletableFuture<?> condition, final long timeoutMillis,
        final java.util.function.Supplier<String> failure)
    {
        try
        {
            condition.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException e)
        {
            final DafkaException timedOut = DafkaResourceException.timedOut(failure.get()); // before close frees fds
            close();
            throw timedOut;
        }
        catch (final ExecutionException e)
        {
            close();
            throw startFailure(failure.get(), e.getCause());
        }
        catch (final InterruptedException e)
        {
            close();
            Thread.currentThread().interrupt();
            throw new DafkaException(failure.get() + ": interrupted", e);
        }
    }

    public AgentRunner runner()
    {
        return runner;
    }

    /** Stops the agent (which closes its sockets) and terminates the context. Idempotent. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        runner.close();
        try
        {
            context.close();
        }
        catch (final RuntimeException e)
        {
            // JeroMQ cannot terminate a context whose start failed half-way (e.g. no descriptor for its reaper)
            LOG.debug("terminating a context that did not start fully", e);
        }
    }

    /** {@code what} failed because of {@code cause}: a {@link DafkaResourceException} if a resource ran out. */
    private static RuntimeException startFailure(final String what, final Throwable cause)
    {
        return DafkaResourceException.classify(what, new DafkaException(what + ": " + cause.getMessage(), cause));
    }
}
