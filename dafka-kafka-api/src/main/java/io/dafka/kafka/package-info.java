/**
 * The Kafka client API on Dafka: {@code DafkaProducer} and {@code DafkaConsumer} implementing Kafka's
 * {@code Producer} and {@code Consumer} interfaces. Not built yet; the core engines it will wrap live in
 * {@code dafka-core} and {@code dafka-store}.
 */
package io.dafka.kafka;
