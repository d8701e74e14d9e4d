package io.dafka.producer;

/**
 * One topic written by a producer: a Dafka partition with its own address, its unacknowledged records and its HEAD
 * schedule. Owned by the producer agent's thread.
 */
final class ProducerPartition
{
    final String topic;
    final String address;
    final UnackedRecords<SendListener> unacked = new UnackedRecords<>();
    final StoreQuorum quorum;
    long nextSequence;
    /** Set when the partition failed for good (incarnation conflict); its sends fail. */
    ProducerIncarnationException failure;
    long headSequence = -1;
    long headDueAt;

    ProducerPartition(final String topic, final String address, final StoreQuorum quorum)
    {
        this.topic = topic;
        this.address = address;
        this.quorum = quorum;
    }
}
