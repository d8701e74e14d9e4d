package io.dafka.consumer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.dafka.DafkaException;
import io.dafka.codec.GroupHeartbeat;
import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetFetch;
import io.dafka.codec.OffsetFetchAnswer;
import io.dafka.group.GenerationId;

/**
 * A request from an application thread to the consumer engine, through its mailbox. Commands that carry a
 * {@code done} future complete it once the engine applied them (exceptionally if it could not, or closed first).
 */
sealed interface ConsumerCommand
{
    /** Completed once the engine applied the command; null for commands nobody waits for. */
    default CompletableFuture<Void> done()
    {
        return null;
    }

    /** Start learning the names of all topics that have live producers (from their HEADs). */
    record WatchTopics() implements ConsumerCommand
    {
    }

    /**
     * Deliver {@code partition} of {@code topic} from {@code sequence} on; the partition's records delivered
     * but not polled yet are taken back first.
     */
    record Seek(String topic, String partition, long sequence, CompletableFuture<Void> done)
        implements ConsumerCommand
    {
    }

    /**
     * Stop delivering {@code partition}: its records delivered but not polled yet are taken back, and the
     * position moves back to the first of them, so that resuming delivers them again.
     */
    record Pause(String topic, String partition, CompletableFuture<Void> done) implements ConsumerCommand
    {
    }

    /** Deliver a paused partition again from its position. */
    record Resume(String topic, String partition, CompletableFuture<Void> done) implements ConsumerCommand
    {
    }

    /**
     * Follow {@code topic}.
     *
     * @param subscribedAt when the application subscribed (ms since the epoch), for {@link StartPolicy}
     */
    record Subscribe(String topic, long subscribedAt) implements ConsumerCommand
    {
    }

    /** Stop following {@code topic}, taking back its records not polled yet (positions move back to them). */
    record Unsubscribe(String topic, CompletableFuture<Void> done) implements ConsumerCommand
    {
    }

    /**
     * Join the consumer group with these protocols, in order of preference (or change them if joined), numbering
     * new generations above {@code generationFloor}.
     */
    record JoinGroup(List<GroupHeartbeat.Protocol> protocols, long generationFloor, CompletableFuture<Void> done)
        implements ConsumerCommand
    {
    }

    /** Leave the consumer group, stopping every partition it owned (records not polled yet are taken back). */
    record LeaveGroup(CompletableFuture<Void> done) implements ConsumerCommand
    {
    }

    /** The leader's application ran the assignor asked for: each member's assignment by member identity. */
    record AssignmentComputed(GenerationId generation, Map<String, byte[]> assignments, CompletableFuture<Void> done)
        implements ConsumerCommand
    {
    }

    /**
     * The application holds {@code generation} (or nothing, {@link GenerationId#NONE}) and owns exactly
     * {@code owned}: the engine stops every other partition at once and starts the new ones on settlement.
     */
    record GroupApplied(GenerationId generation, Set<OwnedPartition> owned, CompletableFuture<Void> done)
        implements ConsumerCommand
    {
    }

    /** The application learned of new items to assign (new partitions): a leader assigns again. */
    record GroupItemsChanged(CompletableFuture<Void> done) implements ConsumerCommand
    {
    }

    /** A request for committed offsets kept by the stores; its own future carries the outcome. */
    sealed interface OffsetsRequest extends ConsumerCommand
    {
        /** Fails the request: the engine will not run it. */
        void fail(DafkaException failure);
    }

    /**
     * Commit {@code entries} for {@code group} as {@code member} of {@code generation} ({@link
     * OffsetCommit#NO_GENERATION} without group management): {@code result} completes once {@code minStores}
     * distinct stores hold it, or fails ({@link OffsetsException}) when one fences it or at the deadline.
     */
    record CommitOffsets(String group, String member, long generation, List<OffsetCommit.Entry> entries,
        int minStores, long timeoutMillis, CompletableFuture<Void> result) implements OffsetsRequest
    {
        @Override
        public void fail(final DafkaException failure)
        {
            result.completeExceptionally(failure);
        }
    }

    /**
     * Read the offsets of {@code group} (of {@code partitions}, or all of them if empty) from enough stores that
     * every commit acknowledged by {@code minStores} stores is seen; {@code result} holds the newest per partition.
     */
    record FetchOffsets(String group, List<OffsetFetch.Partition> partitions, int minStores, long timeoutMillis,
        CompletableFuture<List<OffsetFetchAnswer.Entry>> result) implements OffsetsRequest
    {
        @Override
        public void fail(final DafkaException failure)
        {
            result.completeExceptionally(failure);
        }
    }
}
