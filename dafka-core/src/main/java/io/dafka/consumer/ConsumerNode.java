package io.dafka.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.dafka.DafkaException;
import io.dafka.agent.AgentHost;
import io.dafka.agent.Clock;
import io.dafka.agent.Mailbox;
import io.dafka.codec.GroupHeartbeat;
import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetFetch;
import io.dafka.codec.OffsetFetchAnswer;
import io.dafka.config.DafkaConfig;
import io.dafka.group.GenerationId;
import io.dafka.group.GroupEvent;
import io.dafka.group.GroupSettings;
import io.dafka.transport.NodeMetrics;

/**
 * A Dafka consumer: subscribes to topics and delivers every partition's records in order, exactly once,
 * starting at the first or the next record of each partition ({@code consumer.offset.reset}). Subscribing and
 * polling may happen from any thread.
 *
 * <p>The engine owns each partition's <em>delivery</em> position (the next record it hands over). Seek, pause,
 * resume and unsubscribe return once the engine applied them, having taken back the partition's records that
 * were delivered but not polled yet: after the call, every record polled of that partition is one the engine
 * delivered after it.
 */
public final class ConsumerNode implements AutoCloseable
{
    private static final int COMMAND_QUEUE_CAPACITY = 1024;
    /** How often a thread waiting for the engine to apply a command checks that the consumer is still open. */
    private static final long CLOSED_CHECK_MILLIS = 100;
    /** Longest wait for the engine to apply a command: it does so within a round of work, far below this. */
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(60);

    private final NodeMetrics metrics = new NodeMetrics();
    private final Mailbox<ConsumerCommand> mailbox = new Mailbox<>(COMMAND_QUEUE_CAPACITY);
    private final DeliveryQueue deliveries;
    private final ConsumerView view = new ConsumerView();
    private final ConsumerAgent agent;
    private final AgentHost host;
    private final Clock clock;
    /** The consumer's group, or null if it was built without one. */
    private final GroupLink group;
    private volatile boolean closed;

    private ConsumerNode(final Builder builder)
    {
        final DafkaConfig config = builder.config;
        this.clock = builder.clock;
        this.deliveries = new DeliveryQueue(config.getInt(DafkaConfig.CONSUMER_QUEUE_CAPACITY));
        final StartPolicy startPolicy = builder.startPolicy != null ? builder.startPolicy :
            "earliest".equals(config.get(DafkaConfig.CONSUMER_OFFSET_RESET)) ? StartPolicy.EARLIEST : StartPolicy.LATEST;
        this.group = builder.group;
        this.agent = new ConsumerAgent(config, builder.clock, metrics, mailbox, deliveries, builder.liveFilter,
            startPolicy, view, group, builder.storeOffsets);
        this.host = AgentHost.start(agent, "dafka-consumer");
        mailbox.wakes(host.runner());
        agent.beacon().awaitWelcome(host, config.get(DafkaConfig.BEACON_READY_TIMEOUT), "consumer");
    }

    /** Starts a consumer and waits until a tower welcomed it. */
    public static ConsumerNode start(final DafkaConfig config)
    {
        return builder(config).start();
    }

    /** Starts a consumer that loses the live records {@code liveFilter} rejects: for loss and recovery tests. */
    public static ConsumerNode start(final DafkaConfig config, final Clock clock, final LiveRecordFilter liveFilter)
    {
        return builder(config).clock(clock).liveRecordFilter(liveFilter).start();
    }

    /** A consumer with hooks beyond the configuration. */
    public static Builder builder(final DafkaConfig config)
    {
        return new Builder(config);
    }

    /** Starts following {@code topic} (exactly this name; {@code hello} does not match {@code hello2}), now. */
    public void subscribe(final String topic)
    {
        subscribe(topic, clock.millis());
    }

    /**
     * Starts following {@code topic}, telling the {@link StartPolicy} the application subscribed at
     * {@code subscribedAt} (ms since the epoch, on the application's clock).
     */
    public void subscribe(final String topic, final long subscribedAt)
    {
        offer(new ConsumerCommand.Subscribe(topic, subscribedAt));
    }

    /**
     * Stops following {@code topic}; returns once applied. Its records not polled yet are taken back and
     * positions are kept, so a later subscribe delivers from the first record not polled.
     *
     * @throws DafkaException if the consumer is closed
     */
    public void unsubscribe(final String topic)
    {
        apply(done -> new ConsumerCommand.Unsubscribe(topic, done), "unsubscribe from " + topic);
    }

    /**
     * Delivers {@code partition} of {@code topic} from {@code sequence} on (records already polled stay polled);
     * returns once applied: the next record polled of the partition is {@code sequence} (unless paused). A seek to
     * the record that would be polled next anyway keeps the records already delivered, rather than fetching them
     * again.
     *
     * @throws DafkaException if the consumer is closed
     */
    public void seek(final String topic, final String partition, final long sequence)
    {
        apply(done -> new ConsumerCommand.Seek(topic, partition, sequence, done),
            "seek of " + topic + "/" + partition);
    }

    /**
     * Stops delivering {@code partition}, a partition the consumer has seen (or sought); returns once applied.
     * Its records not polled yet are taken back: {@link #resume} delivers from the first of them.
     *
     * @throws DafkaException if the consumer is closed or has not seen the partition
     */
    public void pause(final String topic, final String partition)
    {
        apply(done -> new ConsumerCommand.Pause(topic, partition, done), "pause of " + topic + "/" + partition);
    }

    /**
     * Delivers a paused partition again from its position; returns once applied.
     *
     * @throws DafkaException if the consumer is closed
     */
    public void resume(final String topic, final String partition)
    {
        apply(done -> new ConsumerCommand.Resume(topic, partition, done), "resume of " + topic + "/" + partition);
    }

    /**
     * Starts learning the names of topics that have live producers (each sends HEADs), for pattern
     * subscriptions; see {@link #seenTopics()}. Topics whose producers are gone are not discovered.
     */
    public void watchTopics()
    {
        offer(new ConsumerCommand.WatchTopics());
    }

    /** Topic names learnt since {@link #watchTopics()}, as last published by the engine. */
    public java.util.Set<String> seenTopics()
    {
        return view.seenTopics();
    }

    /** The partitions of {@code topic} seen so far, with their heads and positions, as last published. */
    public List<PartitionHead> partitions(final String topic)
    {
        return view.partitions(topic);
    }

    /**
     * Waits until the engine publishes what it knows anew ({@link #partitions}, {@link #seenTopics}), or
     * {@code timeout} passes: a thread waiting for a partition to appear or start need not poll.
     */
    public void awaitChange(final Duration timeout)
    {
        try
        {
            view.awaitChange(timeout);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new DafkaException("interrupted while waiting for the consumer engine", e);
        }
    }

    /** Makes a poll that is waiting (or else the next one) return at once, with what is there. Any thread. */
    public void wakeup()
    {
        deliveries.wakeUp();
    }

    /** The next record, waiting up to {@code timeout}; null if none arrived (or {@link #wakeup()} was called). */
    public ConsumedRecord poll(final Duration timeout)
    {
        try
        {
            final ConsumedRecord record = deliveries.poll(timeout.toNanos());
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
     * Moves up to {@code max} records into {@code into}, in the order delivered, waiting up to {@code timeout} for
     * the first one (not at all after {@link #wakeup()}).
     *
     * @return how many were added
     */
    public int poll(final Collection<? super ConsumedRecord> into, final int max, final Duration timeout)
    {
        if (max <= 0)
        {
            return 0;
        }
        try
        {
            final int taken = deliveries.drainTo(into, max, timeout.toNanos());
            afterTake();
            return taken;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new DafkaException("interrupted while polling", e);
        }
    }

    /**
     * Joins the consumer group with these protocols, in order of preference (or changes them); returns once
     * applied. The consumer delivers only the partitions the application owns ({@link #groupApplied}).
     *
     * @param generationFloor a generation number the group reached before (0 if none known): a group that starts
     *                        anew numbers its generations above it ({@link io.dafka.group.GroupMember#join})
     * @throws DafkaException if the consumer was built without a group, or is closed
     */
    public void joinGroup(final List<GroupHeartbeat.Protocol> protocols, final long generationFloor)
    {
        apply(done -> new ConsumerCommand.JoinGroup(List.copyOf(protocols), generationFloor, done),
            "join of the group");
    }

    /**
     * Leaves the group, stopping every partition it owned; returns once applied. A consumer closed without leaving
     * stays a member until the others stop hearing it for the session timeout (a static member that restarts
     * within it takes its partitions back without a rebalance).
     */
    public void leaveGroup()
    {
        apply(ConsumerCommand.LeaveGroup::new, "leave of the group");
    }

    /** The application polled: a member that stops polling for the max poll interval leaves its group. */
    public void groupPolled()
    {
        requireGroup().polled(clock.millis());
    }

    /** The leader's application ran the assignor it was asked for; returns once applied. */
    public void assignmentComputed(final GenerationId generation, final Map<String, byte[]> assignments)
    {
        apply(done -> new ConsumerCommand.AssignmentComputed(generation, Map.copyOf(assignments), done),
            "assignment of generation " + generation);
    }

    /**
     * The application now holds {@code generation} ({@link GenerationId#NONE} after a loss) and owns exactly
     * {@code owned}; returns once applied: from then on no record polled belongs to a partition outside
     * {@code owned}, and the partitions the generation newly gave start once it settled.
     */
    public void groupApplied(final GenerationId generation, final Set<OwnedPartition> owned)
    {
        apply(done -> new ConsumerCommand.GroupApplied(generation, Set.copyOf(owned), done),
            "application of generation " + generation);
    }

    /**
     * The application learned of partitions the group does not know of yet (a new producer, a new topic of a
     * pattern): as a metadata change in Kafka, the leader assigns again. Returns once applied.
     */
    public void groupPartitionsChanged()
    {
        apply(ConsumerCommand.GroupItemsChanged::new, "change of the group's partitions");
    }

    /**
     * Whether the member lost its group membership (it did not poll within the max poll interval, or the group went
     * on without it) and has not joined again: known here as soon as the engine knows it, before the event is read.
     */
    public boolean groupMembershipLost()
    {
        return requireGroup().lost();
    }

    /** The next event of the group for the application, or null if there is none. Any thread. */
    public GroupEvent nextGroupEvent()
    {
        return requireGroup().nextEvent();
    }

    /**
     * Commits {@code entries} of {@code group} to the stores as {@code member} of {@code generation} ({@link
     * OffsetCommit#NO_GENERATION} without group management): done once {@code minStores} stores hold it, failed
     * ({@link OffsetsException}) if a store fences it or {@code timeout} passes first. Needs {@link
     * Builder#storeOffsets()}. Any thread.
     */
    public CompletableFuture<Void> commitOffsets(final String group, final String member, final long generation,
        final List<OffsetCommit.Entry> entries, final int minStores, final Duration timeout)
    {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        offer(new ConsumerCommand.CommitOffsets(group, member, generation, List.copyOf(entries), minStores,
            timeout.toMillis(), result));
        return result;
    }

    /**
     * Reads the offsets of {@code group} (of {@code partitions}, or all if empty) from enough stores to see every
     * commit {@code minStores} stores hold: the newest entry per partition, or an {@link OffsetsException} if too
     * few answered within {@code timeout}. Needs {@link Builder#storeOffsets()}. Any thread.
     */
    public CompletableFuture<List<OffsetFetchAnswer.Entry>> fetchOffsets(final String group,
        final List<OffsetFetch.Partition> partitions, final int minStores, final Duration timeout)
    {
        final CompletableFuture<List<OffsetFetchAnswer.Entry>> result = new CompletableFuture<>();
        offer(new ConsumerCommand.FetchOffsets(group, List.copyOf(partitions), minStores, timeout.toMillis(), result));
        return result;
    }

    private GroupLink requireGroup()
    {
        if (group == null)
        {
            throw new DafkaException("the consumer was built without a group");
        }
        return group;
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

    /** Hooks of a consumer beyond its configuration. */
    public static final class Builder
    {
        private final DafkaConfig config;
        private Clock clock = Clock.SYSTEM;
        private LiveRecordFilter liveFilter = LiveRecordFilter.NONE;
        private StartPolicy startPolicy;
        private GroupLink group;
        private boolean storeOffsets;

        private Builder(final DafkaConfig config)
        {
            this.config = config;
        }

        /** The clock of the engine's timers. */
        public Builder clock(final Clock value)
        {
            this.clock = value;
            return this;
        }

        /** Simulated loss of live records, for tests. */
        public Builder liveRecordFilter(final LiveRecordFilter value)
        {
            this.liveFilter = value;
            return this;
        }

        /** Where new partitions start; default from {@code consumer.offset.reset}. */
        public Builder startPolicy(final StartPolicy value)
        {
            this.startPolicy = value;
            return this;
        }

        /**
         * Makes the consumer a member of consumer group {@code groupId}, static if {@code instanceId} is not empty
         * (the member joins with {@link ConsumerNode#joinGroup}).
         */
        public Builder group(final String groupId, final String instanceId, final GroupSettings settings)
        {
            this.group = new GroupLink(groupId, instanceId, settings);
            return this;
        }

        /** Lets the consumer commit and fetch offsets kept by the stores ({@link ConsumerNode#commitOffsets}). */
        public Builder storeOffsets()
        {
            this.storeOffsets = true;
            return this;
        }

        /** Starts the consumer and waits until a tower welcomed it. */
        public ConsumerNode start()
        {
            return new ConsumerNode(this);
        }
    }

    private void afterTake()
    {
        if (agent.throttled())
        {
            host.runner().wake();
        }
    }

    /** Sends a command and waits until the engine applied it (bounded; fails fast once the consumer closed). */
    private void apply(final Function<CompletableFuture<Void>, ConsumerCommand> command, final String what)
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        offer(command.apply(done));
        final long deadline = System.nanoTime() + APPLY_TIMEOUT.toNanos();
        try
        {
            while (true)
            {
                try
                {
                    done.get(CLOSED_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                }
                catch (final TimeoutException e)
                {
                    if (closed)
                    {
                        throw new DafkaException("consumer closed before the engine applied the " + what);
                    }
                    if (System.nanoTime() - deadline > 0)
                    {
                        throw new DafkaException("the consumer engine did not apply the " + what + " within " +
                            APPLY_TIMEOUT.toSeconds() + " s");
                    }
                }
            }
        }
        catch (final ExecutionException e)
        {
            throw new DafkaException(e.getCause().getMessage(), e.getCause());
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new DafkaException("interrupted while waiting for the " + what, e);
        }
    }

    private void offer(final ConsumerCommand command)
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
