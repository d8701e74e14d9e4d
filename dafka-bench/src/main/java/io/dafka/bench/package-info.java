/**
 * Side-by-side benchmarks of Dafka and Apache Kafka through the same Kafka-interface code
 * ({@link io.dafka.kafka.KafkaClientFactory}), with raw JeroMQ as the transport's ceiling;
 * {@link io.dafka.bench.BenchCli} is the entry point.
 */
package io.dafka.bench;
