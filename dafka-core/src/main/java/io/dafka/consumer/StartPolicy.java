package io.dafka.consumer;

/**
 * Where a consumer starts in a partition it sees for the first time. Called on the consumer's engine thread,
 * so it must be quick and must not block. The Kafka shim uses it for committed offsets and
 * {@code auto.offset.reset}.
 */
@FunctionalInterface
public interface StartPolicy
{
    /** Leave the partition without a position: nothing is delivered from it until a seek (Kafka's "none"). */
    long UNPOSITIONED = Long.MIN_VALUE;

    /** From the first record of every partition. */
    StartPolicy EARLIEST = (topic, partition, observed, fromHead) -> 0;

    /** From the record that revealed the partition (a live record, or the head a HEAD announced), as in C. */
    StartPolicy LATEST = (topic, partition, observed, fromHead) -> observed;

    /**
     * @param observed the sequence that revealed the partition: a record's, or a HEAD's
     * @param fromHead whether {@code observed} is a head (HEAD, DIRECT-HEAD) rather than a record that arrived
     * @return the first sequence to deliver, or {@link #UNPOSITIONED}
     */
    long firstSequence(String topic, String partition, long observed, boolean fromHead);

    /**
     * Whether the announced head record a partition was started at (the first sequence equals the head that
     * revealed it) is delivered. A policy may judge it by its content, e.g. skip it when it was produced before
     * the subscription. Called once per such partition, on the engine's thread; the default delivers it, as C.
     *
     * @param subscribedAt when the application subscribed to {@code topic} (ms since the epoch, on the clock it
     *                     gave to {@code ConsumerNode.subscribe})
     * @return false to skip the record: the partition then starts after it
     */
    default boolean deliversHeadRecord(final String topic, final String partition, final long sequence,
        final byte[] content, final long subscribedAt)
    {
        return true;
    }
}
