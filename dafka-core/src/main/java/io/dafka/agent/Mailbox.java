package io.dafka.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bounded queue of commands from any thread to one agent. {@link #offer} blocks while the queue is full
 * (back-pressure on the caller, never on the agent) and wakes the agent.
 *
 * @param <T> command type
 */
public final class Mailbox<T>
{
    private final ArrayBlockingQueue<T> queue;
    private final List<T> batch = new ArrayList<>();
    private AgentRunner runner;

    public Mailbox(final int capacity)
    {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Binds the runner to wake; done once, before the first {@link #offer}. */
    public void wakes(final AgentRunner agentRunner)
    {
        this.runner = agentRunner;
    }

    /**
     * Queues a command, waiting up to {@code timeoutMillis} for room.
     *
     * @return false if the queue stayed full
     */
    public boolean offer(final T command, final long timeoutMillis) throws InterruptedException
    {
        final boolean queued = queue.offer(command) || queue.offer(command, timeoutMillis, TimeUnit.MILLISECONDS);
        if (queued)
        {
            runner.wake();
        }
        return queued;
    }

    /** Runs {@code handler} on up to {@code limit} queued commands; agent thread only. Returns how many. */
    public int drain(final Consumer<T> handler, final int limit)
    {
        final int count = queue.drainTo(batch, limit);
        for (int i = 0; i < count; i++)
        {
            handler.accept(batch.get(i));
        }
        batch.clear();
        return count;
    }

    public boolean isEmpty()
    {
        return queue.isEmpty();
    }
}
