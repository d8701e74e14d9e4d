package io.dafka.kafka.consumer.internals;

import org.apache.kafka.common.TopicPartition;

/** The consumer's view of one assigned partition; touched only by the consumer's user thread. */
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
