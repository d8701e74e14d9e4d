/**
 * Side-by-side benchmarks of Dafka and Apache Kafka through the same Kafka-interface code
 * ({@link io.dafka.kafka.KafkaClientFactory}); {@link io.dafka.bench.ThroughputBench} is the entry point.
 */
package io.dafka.bench;
