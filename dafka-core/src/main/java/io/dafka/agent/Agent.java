package io.dafka.agent;

import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A single-threaded engine: it owns its ZeroMQ sockets, and only its {@link AgentRunner}'s thread calls it.
 * {@link #doWork()} must not block; when it returns 0 the runner sleeps in a poll on the registered sockets
 * until input arrives, a command wakes it, or {@link #idleMillis()} passes.
 */
public interface Agent
{
    /** Short name used for the thread and logs, e.g. {@code dafka-producer}. */
    String roleName();

    /** Creates, binds and connects sockets, and registers those to wait on with {@code poller}. */
    void onStart(ZContext context, ZMQ.Poller poller);

    /** Does a bounded amount of work; returns how much (0 = nothing to do). */
    int doWork();

    /** How long the agent may sleep when idle before it has a timer to serve. */
    long idleMillis();

    /** Closes the agent's sockets. Called on the agent thread, also after a failed start. */
    void onClose();
}
