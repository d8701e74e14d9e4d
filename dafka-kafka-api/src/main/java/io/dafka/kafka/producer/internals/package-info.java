/**
 * The parts of {@link io.dafka.kafka.DafkaProducer} behind the facade, along the seams of Kafka's producer: the send
 * path ({@link io.dafka.kafka.producer.internals.SendAccumulator}: each send from reservation in the
 * {@link io.dafka.kafka.producer.internals.ByteBudget} to its outcome, delivery timeouts, the completion thread),
 * metrics and interceptors. Not API: it depends on nothing in {@code io.dafka.kafka}, which uses it.
 */
package io.dafka.kafka.producer.internals;
