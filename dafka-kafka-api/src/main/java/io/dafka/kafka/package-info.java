/**
 * The Kafka client API on Dafka. {@link io.dafka.kafka.DafkaProducer} implements Kafka's {@code Producer};
 * shared with the consumer side: {@link io.dafka.kafka.DafkaClientConfig} (Kafka + strict {@code dafka.*}
 * configuration), {@link io.dafka.kafka.RecordEnvelope} (record body with key, headers, timestamp) and
 * {@link io.dafka.kafka.PartitionIds} (Kafka partition number of a Dafka partition address).
 */
package io.dafka.kafka;
