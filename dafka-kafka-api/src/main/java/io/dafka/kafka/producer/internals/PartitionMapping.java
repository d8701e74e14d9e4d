package io.dafka.kafka.producer.internals;

import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

import org.apache.kafka.common.KafkaException;

import io.dafka.DafkaException;

/**
 * The Kafka face of Dafka partitions, given by the facade: the partition number of an address, and the exception
 * a send to a partition that failed for good (an earlier producer used its address) completes with.
 *
 * @param number   partition address to Kafka partition number
 * @param conflict message and engine cause to the send's exception
 */
public record PartitionMapping(ToIntFunction<String> number,
    BiFunction<String, DafkaException, KafkaException> conflict)
{
}
