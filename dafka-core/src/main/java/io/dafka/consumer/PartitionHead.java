package io.dafka.consumer;

/**
 * What a consumer knows of one partition.
 *
 * @param topic     the topic
 * @param partition the partition (producer) address
 * @param head      the highest sequence known to exist, -1 if none yet
 * @param position  the next sequence the engine will deliver, or -1 while the partition has no position
 */
public record PartitionHead(String topic, String partition, long head, long position)
{
}
