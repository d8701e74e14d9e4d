package io.dafka.consumer;

/** A partition a member of a consumer group owns: its topic and its partition (the producer's address). */
public record OwnedPartition(String topic, String partition)
{
}
