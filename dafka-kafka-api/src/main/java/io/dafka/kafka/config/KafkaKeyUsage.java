package io.dafka.kafka.config;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Which Kafka keys a Dafka client honours. Kafka keys that mean nothing without a broker (batching, retries,
 * sessions, ...) are accepted, validated by Kafka's own config classes and ignored.
 */
public final class KafkaKeyUsage
{
    private static final Set<String> COMMON_HONOURED = Set.of(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, CommonClientConfigs.CLIENT_ID_CONFIG,
        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG,
        CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG, CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG,
        CommonClientConfigs.METRICS_RECORDING_LEVEL_CONFIG, "config.providers");
    private static final Set<String> PRODUCER_HONOURED = Set.of(
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.BUFFER_MEMORY_CONFIG,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    private static final Set<String> CONSUMER_HONOURED = Set.of(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG,
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);

    private KafkaKeyUsage()
    {
    }

    /** The keys of {@code explicit} that Kafka's producer or consumer defines but Dafka ignores. */
    public static Set<String> ignored(final boolean producer, final Set<String> explicit)
    {
        final Set<String> known = known(producer);
        final Set<String> honoured = producer ? PRODUCER_HONOURED : CONSUMER_HONOURED;
        final Set<String> ignored = new TreeSet<>();
        for (final String key : explicit)
        {
            if (known.contains(key) && !COMMON_HONOURED.contains(key) && !honoured.contains(key))
            {
                ignored.add(key);
            }
        }
        return Collections.unmodifiableSet(ignored);
    }

    /** The keys of {@code explicit} that Kafka's producer or consumer does not define at all. */
    public static Set<String> unknown(final boolean producer, final Set<String> explicit)
    {
        final Set<String> known = known(producer);
        final Set<String> unknown = new TreeSet<>();
        for (final String key : explicit)
        {
            if (!known.contains(key))
            {
                unknown.add(key);
            }
        }
        return Collections.unmodifiableSet(unknown);
    }

    private static Set<String> known(final boolean producer)
    {
        return producer ? ProducerConfig.configNames() : ConsumerConfig.configNames();
    }
}
