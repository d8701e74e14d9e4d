package io.dafka.producer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.DafkaException;
import io.dafka.agent.AgentHost;
import io.dafka.agent.Clock;
import io.dafka.agent.Mailbox;
import io.dafka.config.DafkaConfig;
import io.dafka.transport.NodeMetrics;

/**
 * A Dafka producer: publishes records to topics, one partition per topic, and keeps each record until
 * {@code producer.min_stores} distinct stores (default 1) acknowledge it. Thread-safe. {@link #send} never waits for the network; it blocks only while the engine's
 * command queue is full.
 *
 * <p>{@link #close()} waits for store ACKs of everything sent, at most {@code producer.close_timeout} (C waits
 * forever), unless {@code producer.terminate_unacked} is set.
 */
public final class ProducerNode implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ProducerNode.class);
    private static final int COMMAND_QUEUE_CAPACITY = 65_536;

    private final DafkaConfig config;
    private final NodeMetrics metrics = new NodeMetrics();
    private final Mailbox<ProducerAgent.Command> mailbox = new Mailbox<>(COMMAND_QUEUE_CAPACITY);
    private final ProducerAgent agent;
    private final AgentHost host;
    private volatile boolean closed;

    private ProducerNode(final DafkaConfig config, final Clock clock)
    {
        this.config = config;
        this.agent = new ProducerAgent(config, clock, metrics, mailbox);
        this.host = AgentHost.start(agent, "dafka-producer");
        mailbox.wakes(host.runner());
        agent.beacon().awaitWelcome(host, config.get(DafkaConfig.BEACON_READY_TIMEOUT), "producer");
    }

    /** Starts a producer and waits until a tower welcomed it. */
    public static ProducerNode start(final DafkaConfig config)
    {
        return new ProducerNode(config, Clock.SYSTEM);
    }

    /** Starts a producer whose timers read {@code clock}. */
    public static ProducerNode start(final DafkaConfig config, final Clock clock)
    {
        return new ProducerNode(config, clock);
    }

    /** Publishes {@code content} to {@code topic}. */
    public void send(final String topic, final byte[] content)
    {
        send(topic, content, null);
    }

    /**
     * Publishes {@code content} to {@code topic}; {@code listener} (may be null) learns its sequence and when
     * it is stored.
     *
     * @throws DafkaException if the producer is closed
     */
    public void send(final String topic, final byte[] content, final SendListener listener)
    {
        if (topic == null || content == null)
        {
            throw new IllegalArgumentException("topic and content must not be null");
        }
        offer(new ProducerAgent.Send(topic, content, listener));
    }

    /**
     * Waits until every record sent before this call is acknowledged by {@code producer.min_stores} stores, or
     * failed with its partition ({@link SendListener#onFailed}).
     *
     * @return false if {@code timeout} passed first
     */
    public boolean flush(final Duration timeout)
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        offer(new ProducerAgent.Flush(done));
        try
        {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        }
        catch (final TimeoutException e)
        {
            return false;
        }
        catch (final ExecutionException e)
        {
            throw new DafkaException("flush failed", e.getCause());
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new DafkaException("interrupted while flushing", e);
        }
    }

    /** The partition (producer) address of {@code topic}, or null before the first send to it. */
    public String partitionAddress(final String topic)
    {
        return agent.partitionAddresses().get(topic);
    }

    /**
     * The partition address of {@code topic}, creating the partition identity now if no record was sent to it
     * yet (it then announces nothing until its first record). Waits at most {@code timeout}.
     *
     * @throws DafkaException if the producer is closed or the engine did not answer in time
     */
    public String ensurePartition(final String topic, final Duration timeout)
    {
        if (topic == null)
        {
            throw new IllegalArgumentException("topic must not be null");
        }
        final String known = partitionAddress(topic);
        if (known != null)
        {
            return known;
        }
        final CompletableFuture<String> address = new CompletableFuture<>();
        offer(new ProducerAgent.EnsurePartition(topic, address));
        try
        {
            return address.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException e)
        {
            throw new DafkaException("no partition for " + topic + " within " + timeout.toMillis() + " ms");
        }
        catch (final ExecutionException e)
        {
            throw new DafkaException("partition for " + topic + " failed", e.getCause());
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new DafkaException("interrupted while creating a partition", e);
        }
    }

    /** The host announced to the tower ({@code beacon.address}; empty if the tower guesses it). */
    public String host()
    {
        return config.get(DafkaConfig.BEACON_ADDRESS);
    }

    /** The bound data (XPUB) port, which peers connect to. */
    public int port()
    {
        return agent.port();
    }

    /** The node's own address, as beaconed. */
    public String address()
    {
        return agent.address();
    }

    /** Distinct stores that must acknowledge a record ({@code producer.min_stores}). */
    public int minStores()
    {
        return agent.minStores();
    }

    /**
     * How many distinct stores acknowledged {@code sequence} of the partition at {@code partitionAddress} so far
     * (with one store required, 1 once any store did). Any thread.
     */
    public int storesHolding(final String partitionAddress, final long sequence)
    {
        return agent.storesHolding(partitionAddress, sequence);
    }

    /** Records published and not yet acknowledged by enough stores. */
    public long unacknowledged()
    {
        return agent.unackedCount();
    }

    public NodeMetrics metrics()
    {
        return metrics;
    }

    /** Closes after waiting up to {@code producer.close_timeout} for store ACKs (see the class notes). */
    @Override
    public void close()
    {
        close(Duration.ofMillis(config.get(DafkaConfig.PRODUCER_CLOSE_TIMEOUT)));
    }

    /**
     * Closes, first waiting up to {@code timeout} until stores acknowledged everything, unless
     * {@code producer.terminate_unacked} is set. Records still unacknowledged are abandoned (their listeners
     * hear {@link SendListener#onAbandoned}).
     *
     * @return true if nothing was abandoned
     */
    public synchronized boolean close(final Duration timeout)
    {
        if (closed)
        {
            return true;
        }
        final boolean waits = !config.get(DafkaConfig.PRODUCER_TERMINATE_UNACKED);
        if (waits)
        {
            flush(timeout); // ordered after queued sends
        }
        closed = true;
        host.close(); // the agent abandons what is left, on its thread, which has ended when this returns
        final long abandoned = agent.abandoned();
        if (waits && abandoned > 0)
        {
            LOG.warn("producer closed with {} records no store acknowledged within {} ms", abandoned,
                timeout.toMillis());
        }
        return abandoned == 0;
    }

    private void offer(final ProducerAgent.Command command)
    {
        if (closed)
        {
            throw new DafkaException("producer is closed");
        }
        try
        {
            while (!mailbox.offer(command, 1000))
            {
                if (closed)
                {
                    throw new DafkaException("producer is closed");
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new DafkaException("interrupted while queueing a command", e);
        }
    }
}
