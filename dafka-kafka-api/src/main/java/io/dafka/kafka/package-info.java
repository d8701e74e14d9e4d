/**
 * The Kafka client API on Dafka: {@link io.dafka.kafka.DafkaProducer} and {@link io.dafka.kafka.DafkaConsumer}
 * implement Kafka's {@code Producer} and {@code Consumer}; {@link io.dafka.kafka.KafkaClientFactory} picks the
 * transport from one setting. Kafka records travel in a self-describing {@link io.dafka.kafka.RecordEnvelope};
 * partitions are numbered by {@link io.dafka.kafka.PartitionIds}; committed offsets stay on the consumer's host.
 */
package io.dafka.kafka;
