package io.dafka.kafka.producer.internals;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured {@code interceptor.classes}; like Kafka, an interceptor's exception is logged, not thrown. */
public final class ProducerInterceptorChain<K, V> implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ProducerInterceptorChain.class);

    private final List<ProducerInterceptor<K, V>> interceptors;

    public ProducerInterceptorChain(final List<ProducerInterceptor<K, V>> interceptors)
    {
        this.interceptors = List.copyOf(interceptors);
    }

    public ProducerRecord<K, V> onSend(final ProducerRecord<K, V> record)
    {
        ProducerRecord<K, V> intercepted = record;
        for (final ProducerInterceptor<K, V> interceptor : interceptors)
        {
            try
            {
                intercepted = interceptor.onSend(intercepted);
            }
            catch (final Exception e)
            {
                LOG.warn("Error executing interceptor onSend callback for topic: {}", record.topic(), e);
            }
        }
        return intercepted;
    }

    public void onAcknowledgement(final RecordMetadata metadata, final Exception exception, final Headers headers)
    {
        for (final ProducerInterceptor<K, V> interceptor : interceptors)
        {
            try
            {
                interceptor.onAcknowledgement(metadata, exception, headers);
            }
            catch (final Exception e)
            {
                LOG.warn("Error executing interceptor onAcknowledgement callback", e);
            }
        }
    }

    @Override
    public void close()
    {
        for (final ProducerInterceptor<K, V> interceptor : interceptors)
        {
            try
            {
                interceptor.close();
            }
            catch (final Exception e)
            {
                LOG.warn("Failed to close producer interceptor", e);
            }
        }
    }
}
