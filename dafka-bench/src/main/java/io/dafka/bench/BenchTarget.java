package io.dafka.bench;

import java.util.Map;

/** A system under test: something Kafka clients reach with {@link #clientConfig()}. */
interface BenchTarget extends Entrant
{
    /** Settings shared by producers and consumers of this system (transport, bootstrap, ...). */
    Map<String, Object> clientConfig();

    /** The producers' settings: {@code acks} and, for a tuned row, batching. */
    Map<String, Object> producerConfig();

    /** Prepares a new topic before its first trial (e.g. creates it with per-topic settings); by default nothing. */
    default void prepareTopic(final String topic)
    {
    }

    /**
     * Prepares a new topic of {@code partitions} partitions, one per producer of {@link PartitionFeeder}: Kafka
     * creates it with that many; by default nothing, as a Dafka topic has a partition per producer.
     */
    default void preparePartitions(final String topic, final int partitions)
    {
    }

}
