package io.dafka.consumer;

/**
 * What a consumer knows of one partition.
 *
 * @param topic     the topic
 * @param partition the partition (producer) address
 * @param head      the highest sequence known to exist, -1 if none yet
 * @param position  the next sequence the engine will deliver, or -1 while the partition has no position
 * @param start     the first sequence the engine delivered from since the partition was positioned or last
 *                  repositioned, or -1 while unknown (no position yet, or an announced head record not judged)
 */
public record PartitionHead(String topic, String partition, long head, long position, long start)
{
}
