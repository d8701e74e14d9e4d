package io.dafka.kafka;

import java.util.Collections;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer record's key, value, headers and timestamp to the body a Dafka record carries: the serializers (given,
 * or built from the configuration as KafkaProducer does), then a {@link RecordEnvelope}, or the bare value with
 * {@code dafka.record.format=raw}; checks the body against {@code max.request.size} and {@code buffer.memory}.
 */
final class ProducerRecordEncoder<K, V> implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ProducerRecordEncoder.class);

    /** A record's serialized key and value (null when null) and the body they travel in. */
    record Encoded(byte[] key, byte[] value, byte[] body)
    {
    }

    private final String clientId;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final boolean envelope;
    private final int maxRequestSize;
    private final long bufferMemory;
    private volatile boolean warnedRaw;

    private ProducerRecordEncoder(final String clientId, final Serializer<K> keySerializer,
        final Serializer<V> valueSerializer, final boolean envelope, final int maxRequestSize, final long bufferMemory)
    {
        this.clientId = clientId;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.envelope = envelope;
        this.maxRequestSize = maxRequestSize;
        this.bufferMemory = bufferMemory;
    }

    /** The given serializers, or those {@code config} names, configured as KafkaProducer configures them. */
    @SuppressWarnings("unchecked")
    static <K, V> ProducerRecordEncoder<K, V> create(final DafkaClientConfig clientConfig,
        final Serializer<K> keySerializer, final Serializer<V> valueSerializer)
    {
        final ProducerConfig config = clientConfig.producerConfig();
        final Map<String, Object> clientIdOverride = Collections.singletonMap(ProducerConfig.CLIENT_ID_CONFIG,
            clientConfig.clientId());
        Serializer<K> key = keySerializer;
        Serializer<V> value = valueSerializer;
        try
        {
            if (key == null)
            {
                key = config.getConfiguredInstance(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, Serializer.class);
                key.configure(config.originals(clientIdOverride), true);
            }
            if (value == null)
            {
                value = config.getConfiguredInstance(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, Serializer.class);
                value.configure(config.originals(clientIdOverride), false);
            }
        }
        catch (final RuntimeException e)
        {
            Utils.closeQuietly(key, "producer keySerializer");
            throw e;
        }
        return new ProducerRecordEncoder<>(clientConfig.clientId(), key, value,
            clientConfig.recordFormat() == DafkaClientConfig.RecordFormat.ENVELOPE,
            config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
            config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG));
    }

    /**
     * Serializes and wraps one record.
     *
     * @throws SerializationException  if a serializer got data of the wrong class
     * @throws RecordTooLargeException if the body exceeds {@code max.request.size} or {@code buffer.memory}
     */
    Encoded encode(final String topic, final Headers headers, final K key, final V value, final long timestamp)
    {
        final byte[] keyBytes = serialize(keySerializer, topic, headers, key, "key");
        final byte[] valueBytes = serialize(valueSerializer, topic, headers, value, "value");
        final byte[] body = body(topic, timestamp, keyBytes, valueBytes, headers);
        ensureValidRecordSize(body.length);
        return new Encoded(keyBytes, valueBytes, body);
    }

    @Override
    public void close()
    {
        Utils.closeQuietly(keySerializer, "producer keySerializer");
        Utils.closeQuietly(valueSerializer, "producer valueSerializer");
    }

    private byte[] body(final String topic, final long timestamp, final byte[] key, final byte[] value,
        final Headers headers)
    {
        if (envelope)
        {
            return RecordEnvelope.encode(timestamp, key, value, headers);
        }
        if (!warnedRaw && (key != null || value == null || headers.toArray().length > 0))
        {
            warnedRaw = true;
            LOG.warn("[Producer clientId={}] dafka.record.format=raw sends the value bytes only: keys, headers, " +
                "timestamps and null values (sent as empty) are lost (first seen on topic {})", clientId, topic);
        }
        return value == null ? new byte[0] : value;
    }

    private void ensureValidRecordSize(final int size)
    {
        if (size > maxRequestSize)
        {
            throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger " +
                "than " + maxRequestSize + ", which is the value of the max.request.size configuration.");
        }
        if (size > bufferMemory)
        {
            throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger " +
                "than the total memory buffer you have configured with the buffer.memory configuration.");
        }
    }

    private static <T> byte[] serialize(final Serializer<T> serializer, final String topic, final Headers headers,
        final T data, final String what)
    {
        try
        {
            return serializer.serialize(topic, headers, data);
        }
        catch (final ClassCastException e)
        {
            throw new SerializationException("Can't convert " + what + " of class " + data.getClass().getName() +
                " to class " + serializer.getClass().getName() + " specified in " + what + ".serializer", e);
        }
    }
}
