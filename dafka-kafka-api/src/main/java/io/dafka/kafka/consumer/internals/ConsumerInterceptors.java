package io.dafka.kafka.consumer.internals;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The configured {@code interceptor.classes}, in order: each sees what poll returns and each commit.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConsumerInterceptors<K, V> implements AutoCloseable
{
    private final List<ConsumerInterceptor<K, V>> interceptors;

    public ConsumerInterceptors(final List<ConsumerInterceptor<K, V>> interceptors)
    {
        this.interceptors = List.copyOf(interceptors);
    }

    /** The interceptors {@code interceptor.classes} names, configured with the consumer's client id. */
    @SuppressWarnings("unchecked")
    public static <K, V> ConsumerInterceptors<K, V> configured(final ConsumerConfig config, final String clientId)
    {
        return new ConsumerInterceptors<>((List<ConsumerInterceptor<K, V>>)(List<?>)config.getConfiguredInstances(
            ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ConsumerInterceptor.class,
            Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId)));
    }

    public ConsumerRecords<K, V> onConsume(final ConsumerRecords<K, V> records)
    {
        ConsumerRecords<K, V> result = records;
        for (final ConsumerInterceptor<K, V> interceptor : interceptors)
        {
            result = interceptor.onConsume(result);
        }
        return result;
    }

    public void onCommit(final Map<TopicPartition, OffsetAndMetadata> offsets)
    {
        interceptors.forEach(interceptor -> interceptor.onCommit(offsets));
    }

    @Override
    public void close()
    {
        interceptors.forEach(interceptor -> Utils.closeQuietly(interceptor, "consumer interceptor"));
    }
}
