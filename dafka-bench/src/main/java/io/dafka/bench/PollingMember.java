package io.dafka.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * One member of a group in the groups workload: a consumer used from a thread of its own, as a Kafka consumer must
 * be, that polls without pause once subscribed. The caller asks it to subscribe, to close (leave the group) or to
 * run something on its consumer; it records, on its thread, when subscribe and close began, when the first record
 * arrived, what it holds and which of those partitions it received a record of since its assignment last changed.
 * After every poll it wakes whoever waits on the trial's {@code signal} ({@link #await}).
 */
final class PollingMember implements AutoCloseable
{
    /** What the member holds after a poll: its assignment, and the partitions of it it received a record of since. */
    record View(Set<TopicPartition> assignment, Set<TopicPartition> received)
    {
        /** True when it holds {@code count} partitions and received a record of each since it got them. */
        boolean flowing(final int count)
        {
            return assignment.size() == count && received.containsAll(assignment);
        }
    }

    private static final Duration POLL = Duration.ofMillis(50);
    private static final long NONE = -1;

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Object signal;
    private final BlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private volatile View view = new View(Set.of(), Set.of());
    private volatile long subscribedAt = NONE;
    private volatile long firstRecordAt = NONE;
    private volatile long closeStartedAt = NONE;
    private volatile Set<TopicPartition> watched;
    private volatile int watchedTotal;
    private volatile long caughtAt = NONE;

    /**
     * Constructs the consumer (a member of {@code group} once it subscribes to {@code topic}, from the latest
     * record, committing nothing by itself) and starts its thread.
     */
    PollingMember(final GroupEntrant entrant, final String topic, final String group, final String name,
                  final Object signal)
    {
        final Map<String, Object> config = new HashMap<>(entrant.target().clientConfig());
        config.put("group.id", group);
        config.put("auto.offset.reset", "latest");
        config.put("enable.auto.commit", "false");
        config.putAll(entrant.consumerSettings());
        this.consumer = KafkaClientFactory.consumer(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.signal = signal;
        this.thread = new Thread(this::loop, "bench-member-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Waits until {@code condition} holds, woken by every poll of the members sharing {@code signal}.
     *
     * @throws IllegalStateException naming {@code what} if {@code deadline} (a {@link System#nanoTime()}) passes
     *                               first, or one of {@code members} failed
     */
    static void await(final Object signal, final List<PollingMember> members, final BooleanSupplier condition,
                      final long deadline, final String what)
    {
        synchronized (signal)
        {
            while (!condition.getAsBoolean())
            {
                for (final PollingMember member : members)
                {
                    if (member.failure != null)
                    {
                        throw new IllegalStateException("a member failed while waiting for " + what, member.failure);
                    }
                }
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0)
                {
                    throw new IllegalStateException("timed out waiting for " + what + "; " + members);
                }
                try
                {
                    TimeUnit.NANOSECONDS.timedWait(signal, Math.min(remaining, POLL.toNanos()));
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for " + what, e);
                }
            }
        }
    }

    /** Subscribes on the member's thread (the time {@link #subscribedAt()} is taken just before) and returns then. */
    void subscribe(final Duration timeout)
    {
        call(unused ->
        {
            subscribedAt = System.nanoTime();
            consumer.subscribe(List.of(topic));
            subscribed = true;
            return null;
        }, timeout);
    }

    /** Closes the consumer on its thread (it leaves the group; {@link #closeStartedAt()} is taken just before). */
    void leave(final Duration timeout)
    {
        call(unused ->
        {
            closeStartedAt = System.nanoTime();
            closed = true;
            consumer.close();
            return null;
        }, timeout);
    }

    /**
     * From now on, records in {@link #caughtAt()} the end of the first poll after which the member holds
     * {@code total} partitions, {@code partitions} among them, and that returned a record of one of {@code partitions}.
     */
    void watch(final Set<TopicPartition> partitions, final int total)
    {
        watchedTotal = total;
        watched = Set.copyOf(partitions);
    }

    /** Runs {@code task} on the member's thread, between two polls, and returns its result. */
    <T> T call(final Function<Consumer<byte[], byte[]>, T> task, final Duration timeout)
    {
        final FutureTask<T> future = new FutureTask<>(() -> task.apply(consumer));
        commands.add(future);
        try
        {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException e)
        {
            throw new IllegalStateException("member " + thread.getName() + " failed", e.getCause());
        }
        catch (final TimeoutException e)
        {
            throw new IllegalStateException("member " + thread.getName() + " did not finish within " + timeout, e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    View view()
    {
        return view;
    }

    long subscribedAt()
    {
        return subscribedAt;
    }

    /** When the first poll that returned a record ended, or -1. */
    long firstRecordAt()
    {
        return firstRecordAt;
    }

    long closeStartedAt()
    {
        return closeStartedAt;
    }

    /** See {@link #watch}; -1 until then. */
    long caughtAt()
    {
        return caughtAt;
    }

    /** Its name, what it holds and received, and whether it is subscribed or closed, for messages. */
    @Override
    public String toString()
    {
        return thread.getName() + (closed ? " (closed) " : subscribed ? " " : " (not subscribed) ") + view;
    }

    /** Stops the thread and closes the consumer if {@link #leave} did not. */
    @Override
    public void close()
    {
        stopped = true;
        commands.add(() -> { });
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void loop()
    {
        try
        {
            while (!stopped)
            {
                final Runnable command = subscribed && !closed ? commands.poll()
                    : commands.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (command != null)
                {
                    command.run();
                }
                else if (subscribed && !closed)
                {
                    pollOnce();
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException | Error e)
        {
            failure = e;
            wake();
        }
        finally
        {
            if (!closed)
            {
                consumer.close();
            }
        }
    }

    private void pollOnce()
    {
        final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        final long now = System.nanoTime();
        final Set<TopicPartition> assignment = consumer.assignment();
        final View before = view;
        final Set<TopicPartition> received = new HashSet<>(assignment.equals(before.assignment())
            ? before.received() : Set.of());
        received.addAll(records.partitions());
        view = new View(Set.copyOf(assignment), Set.copyOf(received));
        if (!records.isEmpty() && firstRecordAt == NONE)
        {
            firstRecordAt = now;
        }
        final Set<TopicPartition> leaver = watched;
        if (leaver != null && caughtAt == NONE && assignment.size() == watchedTotal
            && assignment.containsAll(leaver) && records.partitions().stream().anyMatch(leaver::contains))
        {
            caughtAt = now;
        }
        wake();
    }

    private void wake()
    {
        synchronized (signal)
        {
            signal.notifyAll();
        }
    }
}
