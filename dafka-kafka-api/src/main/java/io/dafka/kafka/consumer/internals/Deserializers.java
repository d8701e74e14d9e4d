package io.dafka.kafka.consumer.internals;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The key and value deserializers: those given to the constructor, else instances of the configured classes,
 * configured as Kafka does.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Deserializers<K, V> implements AutoCloseable
{
    private final Deserializer<K> key;
    private final Deserializer<V> value;

    @SuppressWarnings("unchecked")
    public Deserializers(final ConsumerConfig config, final Deserializer<K> key, final Deserializer<V> value)
    {
        this.key = key != null ? key :
            config.getConfiguredInstance(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, Deserializer.class);
        this.value = value != null ? value :
            config.getConfiguredInstance(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, Deserializer.class);
        if (key == null)
        {
            this.key.configure(config.originals(), true);
        }
        if (value == null)
        {
            this.value.configure(config.originals(), false);
        }
    }

    /** {@code configs} with the classes of the given deserializers (if any) as the configured ones. */
    public static Map<String, Object> configsWith(final Map<String, Object> configs, final Deserializer<?> key,
        final Deserializer<?> value)
    {
        final Map<String, Object> with = new HashMap<>(configs);
        if (key != null)
        {
            with.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, key.getClass());
        }
        if (value != null)
        {
            with.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, value.getClass());
        }
        return with;
    }

    public Deserializer<K> key()
    {
        return key;
    }

    public Deserializer<V> value()
    {
        return value;
    }

    @Override
    public void close()
    {
        Utils.closeQuietly(key, "key deserializer");
        Utils.closeQuietly(value, "value deserializer");
    }
}
