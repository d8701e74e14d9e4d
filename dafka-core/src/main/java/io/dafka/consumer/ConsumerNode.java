package io.dafka.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.dafka.DafkaException;
import io.dafka.agent.AgentHost;
import io.dafka.agent.Clock;
import io.dafka.agent.Mailbox;
import io.dafka.config.DafkaConfig;
import io.dafka.transport.NodeMetrics;

/**
 * A Dafka consumer: subscribes to topics and delivers every partition's records in order, exactly once,
 * starting at the first or the next record of each partition ({@code consumer.offset.reset}). Subscribing and
 * polling may happen from any thread.
 */
public final class ConsumerNode implements AutoCloseable
{
    private static final int COMMAND_QUEUE_CAPACITY = 1024;

    private final NodeMetrics metrics = new NodeMetrics();
    private final Mailbox<ConsumerAgent.Command> mailbox = new Mailbox<>(COMMAND_QUEUE_CAPACITY);
    private final BlockingQueue<ConsumedRecord> deliveries;
    private final ConsumerAgent agent;
    private final AgentHost host;
    private volatile boolean closed;

    private ConsumerNode(final DafkaConfig config, final Clock clock, final LiveRecordFilter liveFilter)
    {
        this.deliveries = new ArrayBlockingQueue<>(config.getInt(DafkaConfig.CONSUMER_QUEUE_CAPACITY));
        this.agent = new ConsumerAgent(config, clock, metrics, mailbox, deliveries, liveFilter);
        this.host = AgentHost.start(agent, "dafka-consumer");
        mailbox.wakes(host.runner());
        host.await(agent.beacon().ready(), config.get(DafkaConfig.BEACON_READY_TIMEOUT),
            () -> "consumer: no tower answered at " + agent.beacon().towerEndpoints() + " within " +
                config.get(DafkaConfig.BEACON_READY_TIMEOUT) + " ms (beacon.ready_timeout)");
    }

    /** Starts a consumer and waits until a tower welcomed it. */
    public static ConsumerNode start(final DafkaConfig config)
    {
        return new ConsumerNode(config, Clock.SYSTEM, LiveRecordFilter.NONE);
    }

    /** Starts a consumer that loses the live records {@code liveFilter} rejects: for loss and recovery tests. */
    public static ConsumerNode start(final DafkaConfig config, final Clock clock, final LiveRecordFilter liveFilter)
    {
        return new ConsumerNode(config, clock, liveFilter);
    }

    /** Starts following {@code topic} (exactly this name; {@code hello} does not match {@code hello2}). */
    public void subscribe(final String topic)
    {
        offer(new ConsumerAgent.Subscribe(topic));
    }

    /** Stops following {@code topic}; positions are kept for a later subscribe. */
    public void unsubscribe(final String topic)
    {
        offer(new ConsumerAgent.Unsubscribe(topic));
    }

    /** The next record, waiting up to {@code timeout}; null if none arrived. */
    public ConsumedRecord poll(final Duration timeout)
    {
        try
        {
            final ConsumedRecord record = deliveries.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            afterTake();
            return record;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new DafkaException("interrupted while polling", e);
        }
    }

    /**
     * Moves up to {@code max} records into {@code into}, waiting up to {@code timeout} for the first one.
     *
     * @return how many were added
     */
    public int poll(final Collection<? super ConsumedRecord> into, final int max, final Duration timeout)
    {
        int taken = deliveries.drainTo(into, max);
        if (taken == 0)
        {
            final ConsumedRecord first = poll(timeout);
            if (first == null)
            {
                return 0;
            }
            into.add(first);
            taken = 1 + deliveries.drainTo(into, max - 1);
        }
        afterTake();
        return taken;
    }

    /** This consumer's address (the ZMQ topic of what is sent to it). */
    public String address()
    {
        return agent.address();
    }

    /** The bound data endpoint, {@code tcp://host:port}. */
    public String endpoint()
    {
        return agent.endpoint();
    }

    public NodeMetrics metrics()
    {
        return metrics;
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            host.close();
        }
    }

    private void afterTake()
    {
        if (agent.throttled())
        {
            host.runner().wake();
        }
    }

    private void offer(final ConsumerAgent.Command command)
    {
        if (closed)
        {
            throw new DafkaException("consumer is closed");
        }
        try
        {
            mailbox.offer(command, Long.MAX_VALUE);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new DafkaException("interrupted while queueing a command", e);
        }
    }
}
