package io.dafka.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.DafkaException;
import io.dafka.DafkaResourceException;

/**
 * Runs one {@link Agent} on its own thread: {@code doWork()} while there is work, otherwise block in a
 * ZeroMQ poll on the agent's sockets plus a wake-up pipe. Other threads hand work to the agent through a
 * {@link Mailbox} and call {@link #wake()}, which writes to the pipe only when the agent sleeps.
 *
 * <p>The thread is never interrupted (JeroMQ closes channels of interrupted threads); {@link #close()} sets a
 * flag and wakes it.
 */
public final class AgentRunner implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);
    /** Upper bound of one idle poll, so a stop request or a test clock is noticed even without a wake. */
    private static final long MAX_IDLE_MILLIS = 100;

    private final Agent agent;
    private final ZContext context;
    private final Thread thread;
    private final Pipe wakePipe;
    private final ByteBuffer wakeByte = ByteBuffer.allocate(1);
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicLong workErrors = new AtomicLong();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile boolean running = true;

    public AgentRunner(final Agent agent, final ZContext context, final String threadName)
    {
        this.agent = agent;
        this.context = context;
        try
        {
            this.wakePipe = Pipe.open();
            wakePipe.source().configureBlocking(false);
        }
        catch (final IOException e)
        {
            throw DafkaResourceException.classify(threadName + " failed to start",
                new DafkaException(threadName + " cannot open its wake-up pipe: " + e.getMessage(), e));
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts the thread; the future completes when {@link Agent#onStart} returned (or failed). */
    public CompletableFuture<Void> start()
    {
        thread.start();
        return started;
    }

    /** Wakes the agent if it sleeps. Any thread. */
    public void wake()
    {
        if (sleeping.compareAndSet(true, false))
        {
            try
            {
                synchronized (wakePipe)
                {
                    wakePipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                }
            }
            catch (final IOException e)
            {
                LOG.debug("wake-up write failed (runner closing?)", e);
            }
        }
    }

    /** Whether this is the agent's own thread. */
    public boolean onAgentThread()
    {
        return Thread.currentThread() == thread;
    }

    /** Unexpected exceptions thrown by {@code doWork()} so far (logged, and the agent keeps running). */
    public long workErrors()
    {
        return workErrors.get();
    }

    /** Stops the loop, lets the agent close its sockets, and waits for the thread. Idempotent. */
    @Override
    public void close()
    {
        running = false;
        sleeping.set(true);
        wake();
        if (!onAgentThread())
        {
            joinUninterruptibly();
        }
        try
        {
            wakePipe.sink().close();
            wakePipe.source().close();
        }
        catch (final IOException e)
        {
            LOG.debug("closing wake-up pipe", e);
        }
    }

    private void run()
    {
        final ZMQ.Poller poller = context.createPoller(8);
        try
        {
            poller.register(wakePipe.source(), ZMQ.Poller.POLLIN);
            agent.onStart(context, poller);
            started.complete(null);
        }
        catch (final RuntimeException e)
        {
            started.completeExceptionally(e);
            running = false;
        }
        try
        {
            while (running)
            {
                if (doWork() == 0)
                {
                    idle(poller);
                }
            }
        }
        finally
        {
            try
            {
                agent.onClose();
            }
            catch (final RuntimeException e)
            {
                LOG.warn("{} failed to close cleanly", agent.roleName(), e);
            }
            poller.close();
        }
    }

    private int doWork()
    {
        try
        {
            return agent.doWork();
        }
        catch (final RuntimeException e)
        {
            workErrors.incrementAndGet();
            LOG.error("{}: unexpected error in the work loop; continuing", agent.roleName(), e);
            return 1;
        }
    }

    private void idle(final ZMQ.Poller poller)
    {
        sleeping.set(true);
        // Re-check after announcing sleep: a command queued before this point is seen here, one queued after
        // it finds sleeping == true and writes to the pipe.
        if (running && doWork() == 0)
        {
            poller.poll(Math.max(0, Math.min(MAX_IDLE_MILLIS, agent.idleMillis())));
        }
        sleeping.set(false);
        drainWakePipe();
    }

    private void drainWakePipe()
    {
        try
        {
            while (wakePipe.source().read(wakeByte.clear()) > 0)
            {
                wakeByte.clear();
            }
        }
        catch (final IOException e)
        {
            LOG.debug("draining wake-up pipe", e);
        }
    }

    private void joinUninterruptibly()
    {
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
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
