package io.dafka.consumer;

/** A request from an application thread to the consumer engine, through its mailbox. */
sealed interface ConsumerCommand
{
    /** Start learning the names of all topics that have live producers (from their HEADs). */
    record WatchTopics() implements ConsumerCommand
    {
    }

    /** Deliver {@code partition} of {@code topic} from {@code sequence} on. */
    record Seek(String topic, String partition, long sequence) implements ConsumerCommand
    {
    }

    /** Stop delivering {@code partition}; when resumed, deliver again from {@code sequence}. */
    record Pause(String topic, String partition, long sequence) implements ConsumerCommand
    {
    }

    record Resume(String topic, String partition) implements ConsumerCommand
    {
    }

    record Subscribe(String topic) implements ConsumerCommand
    {
    }

    record Unsubscribe(String topic) implements ConsumerCommand
    {
    }
}
