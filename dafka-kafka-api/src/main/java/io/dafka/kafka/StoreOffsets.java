package io.dafka.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

import io.dafka.DafkaException;
import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetFetchAnswer;
import io.dafka.consumer.ConsumerNode;
import io.dafka.consumer.OffsetsException;
import io.dafka.kafka.consumer.internals.OffsetStore;

/**
 * The consumer's {@link OffsetStore} with {@code dafka.consumer.offsets.storage=stores}: a group's committed offsets
 * kept by the Dafka stores (docs/groups.md), so that any host reads them. A commit returns once {@code
 * dafka.consumer.commit.min.stores} stores hold it; {@link #refresh} reads the group's offsets from enough stores
 * to see every such commit. The engine does the requests ({@link ConsumerNode#commitOffsets}); this class maps
 * their outcome to Kafka's exceptions: a fenced commit is a {@link CommitFailedException}, too few answers within
 * {@code default.api.timeout.ms} a {@link TimeoutException}. What {@link #get} returns is what was last read or
 * committed here: any thread, never blocking.
 */
final class StoreOffsets implements OffsetStore
{
    /** Beyond the engine's own deadline, in case the engine is stopped before it fails the request. */
    private static final long SLACK_MILLIS = 5_000;

    private final String group;
    private final int minStores;
    private final Duration timeout;
    /** Replaced whole by a read, so that the engine's thread never sees a half-read map. */
    private volatile Map<Address, OffsetAndMetadata> known = new ConcurrentHashMap<>();
    private volatile ConsumerNode node;
    /** The highest generation read, committed or fenced by here. */
    private final AtomicLong highestGeneration = new AtomicLong();

    /**
     * @param minStores how many distinct stores must hold a commit
     * @param timeout   how long a commit or a read waits for the stores ({@code default.api.timeout.ms})
     */
    StoreOffsets(final String group, final int minStores, final Duration timeout)
    {
        this.group = group;
        this.minStores = minStores;
        this.timeout = timeout;
    }

    @Override
    public boolean usesStores()
    {
        return true;
    }

    @Override
    public void attach(final ConsumerNode engine)
    {
        this.node = engine;
    }

    @Override
    public OffsetAndMetadata get(final String topic, final String partition)
    {
        return known.get(new Address(topic, partition));
    }

    @Override
    public void commit(final Map<Address, OffsetAndMetadata> offsets, final ConsumerGroupMetadata member)
    {
        final List<OffsetCommit.Entry> entries = new ArrayList<>(offsets.size());
        offsets.forEach((address, offset) -> entries.add(new OffsetCommit.Entry(address.topic(), address.partition(),
            offset.offset(), offset.metadata() == null ? "" : offset.metadata())));
        send(entries, member);
        known.putAll(offsets);
    }

    @Override
    public void delete(final Set<Address> partitions, final ConsumerGroupMetadata member)
    {
        final List<OffsetCommit.Entry> entries = new ArrayList<>(partitions.size());
        partitions.forEach(address -> entries.add(new OffsetCommit.Entry(address.topic(), address.partition(),
            DELETED, "")));
        send(entries, member);
        partitions.forEach(known::remove);
    }

    /** Commits {@code entries} as {@code member}, waiting until enough stores hold them. */
    private void send(final List<OffsetCommit.Entry> entries, final ConsumerGroupMetadata member)
    {
        final boolean managed = member != null && member.generationId() >= 0;
        if (managed)
        {
            seen(member.generationId());
        }
        await(() -> node.commitOffsets(group, managed ? member.memberId() : "",
            managed ? member.generationId() : OffsetCommit.NO_GENERATION, entries, minStores, timeout), "commit");
    }

    @Override
    public void refresh()
    {
        final List<OffsetFetchAnswer.Entry> entries =
            await(() -> node.fetchOffsets(group, List.of(), minStores, timeout), "read of the committed offsets");
        final Map<Address, OffsetAndMetadata> read = new ConcurrentHashMap<>();
        for (final OffsetFetchAnswer.Entry entry : entries)
        {
            seen(entry.generation());
            if (entry.offset() == DELETED)
            {
                continue;
            }
            read.put(new Address(entry.subject(), entry.partition()), new OffsetAndMetadata(entry.offset(),
                entry.metadata()));
        }
        known = read;
    }

    @Override
    public long highestGeneration()
    {
        return highestGeneration.get();
    }

    private void seen(final long generation)
    {
        highestGeneration.accumulateAndGet(generation, Math::max);
    }

    @Override
    public void close()
    {
        // the requests belong to the engine, which the consumer closes
    }

    /** Sends a request through the engine and waits for its outcome. */
    private <T> T await(final Supplier<CompletableFuture<T>> request, final String what)
    {
        try
        {
            return request.get().get(timeout.toMillis() + SLACK_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException e)
        {
            throw translate(e.getCause(), what);
        }
        catch (final java.util.concurrent.TimeoutException e)
        {
            throw new TimeoutException("the " + what + " of group '" + group + "' got no outcome within " +
                timeout.toMillis() + " ms");
        }
        catch (final InterruptedException e)
        {
            throw new InterruptException(e);
        }
        catch (final DafkaException e)
        {
            throw new KafkaException("the " + what + " of group '" + group + "' failed: " + e.getMessage(), e);
        }
    }

    private RuntimeException translate(final Throwable failure, final String what)
    {
        final String message = "the " + what + " of group '" + group + "' failed: " + failure.getMessage();
        if (failure instanceof OffsetsException offsets)
        {
            seen(offsets.fencingGeneration());
            return offsets.reason() == OffsetsException.Reason.FENCED
                ? new CommitFailedException(message + " (a newer generation of the group committed these " +
                "partitions: they belong to another member now)")
                : new TimeoutException(message);
        }
        return new KafkaException(message, failure);
    }
}
