/**
 * The parts behind {@link io.dafka.kafka.DafkaConsumer}, one job each, cut along the seams of Kafka's own
 * consumer: {@link io.dafka.kafka.consumer.internals.SubscriptionState} (subscription, assignment, positions,
 * pause), {@link io.dafka.kafka.consumer.internals.FetchCollector} (delivered records into
 * {@code ConsumerRecord}s), {@link io.dafka.kafka.consumer.internals.OffsetCommitter} (commits and committed
 * offsets), {@link io.dafka.kafka.consumer.internals.ConsumerMetrics}, the start policy and the light lock.
 * Internal: not an API. Nothing here depends on {@code io.dafka.kafka}; what it needs from there (the record
 * envelope, the offsets file, partition ids) is handed in through {@link
 * io.dafka.kafka.consumer.internals.RecordReader}, {@link io.dafka.kafka.consumer.internals.OffsetStore} and
 * functions.
 */
package io.dafka.kafka.consumer.internals;
