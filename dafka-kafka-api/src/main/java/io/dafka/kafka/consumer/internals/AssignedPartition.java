package io.dafka.kafka.consumer.internals;

import org.apache.kafka.common.TopicPartition;

/**
 * The consumer's view of one assigned partition; touched only by the consumer's user thread. Its
 * {@link #position} is the <em>consumed</em> position, as in Kafka: the offset after the last record poll
 * returned (or where the application sought). The engine's cursor keeps the <em>delivery</em> position (the next
 * record it hands over); the two are never reconciled, because every seek and pause is applied by the engine
 * before it returns and takes back the records not polled yet. The one link: before the first record is
 * returned, the consumed position is where the engine started the partition ({@code PartitionHead.start}).
 */
final class AssignedPartition
{
    final TopicPartition topicPartition;
    /** The Dafka partition address, or null while an assigned partition number has not been seen yet. */
    String address;
    /** Offset of the next record to return to the application; -1 until known. */
    long position = -1;
    boolean paused;
    /** Records with an older timestamp are skipped until the first newer one (auto.offset.reset=by_duration). */
    long skipBefore = Long.MIN_VALUE;
    /** How many times the engine was told to reposition the partition: a record polled before is stale. */
    int repositions;
    /** {@link SubscriptionState#repositionMark} of the latest reposition, 0 if none. */
    long repositionedAt;

    AssignedPartition(final TopicPartition topicPartition, final String address)
    {
        this.topicPartition = topicPartition;
        this.address = address;
    }

    String topic()
    {
        return topicPartition.topic();
    }
}
