package io.dafka.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

import io.dafka.config.DafkaConfig;
import io.dafka.config.DafkaConfigException;
import io.dafka.kafka.config.ClientKeys;

/**
 * Creates Kafka {@link Producer}s and {@link Consumer}s on either transport, so application code names neither
 * {@code KafkaProducer} nor {@code DafkaProducer}. One setting decides: {@code dafka.transport} =
 * {@code kafka} or {@code dafka}; without it (or with {@code auto}), a {@code bootstrap.servers} starting with
 * {@code dafka://} means Dafka, anything else Kafka. The same properties serve both: {@code dafka.*} keys are
 * removed before a Kafka client sees them, and the Dafka clients accept them all ({@code dafka.transport} too).
 *
 * <pre>{@code
 * Properties props = ...;                       // bootstrap.servers, serializers, acks, ...
 * props.put("dafka.transport", "dafka");        // the one line that switches transport
 * try (Producer<String, String> producer = KafkaClientFactory.producer(props)) { ... }
 * }</pre>
 */
public final class KafkaClientFactory
{
    /** The setting that picks the transport: {@code kafka} or {@code dafka}. */
    public static final String TRANSPORT_CONFIG = ClientKeys.TRANSPORT;

    /** The two transports. */
    public enum Transport
    {
        KAFKA, DAFKA
    }

    private KafkaClientFactory()
    {
    }

    /** The transport {@code configs} ask for. */
    public static Transport transport(final Map<String, ?> configs)
    {
        final Object explicit = configs.get(TRANSPORT_CONFIG);
        if (explicit != null)
        {
            final String transport;
            try
            {
                transport = DafkaConfig.CLIENT_TRANSPORT.parse(explicit.toString());
            }
            catch (final DafkaConfigException e)
            {
                throw new ConfigException(TRANSPORT_CONFIG, explicit, "must be kafka, dafka or auto");
            }
            if (!"auto".equals(transport))
            {
                return "dafka".equals(transport) ? Transport.DAFKA : Transport.KAFKA;
            }
        }
        final Object bootstrap = configs.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return bootstrap != null && bootstrap.toString().trim().startsWith("dafka://") ? Transport.DAFKA :
            Transport.KAFKA;
    }

    public static <K, V> Producer<K, V> producer(final Properties properties)
    {
        return producer(Utils.propsToMap(properties), null, null);
    }

    public static <K, V> Producer<K, V> producer(final Map<String, Object> configs)
    {
        return producer(configs, null, null);
    }

    /** A producer on the chosen transport; the serializers may be null to take them from the configuration. */
    public static <K, V> Producer<K, V> producer(final Map<String, Object> configs, final Serializer<K> keySerializer,
        final Serializer<V> valueSerializer)
    {
        return transport(configs) == Transport.DAFKA ?
            new DafkaProducer<>(forDafka(configs), keySerializer, valueSerializer) :
            new KafkaProducer<>(forKafka(configs), keySerializer, valueSerializer);
    }

    public static <K, V> Consumer<K, V> consumer(final Properties properties)
    {
        return consumer(Utils.propsToMap(properties), null, null);
    }

    public static <K, V> Consumer<K, V> consumer(final Map<String, Object> configs)
    {
        return consumer(configs, null, null);
    }

    /** A consumer on the chosen transport; the deserializers may be null to take them from the configuration. */
    public static <K, V> Consumer<K, V> consumer(final Map<String, Object> configs,
        final Deserializer<K> keyDeserializer, final Deserializer<V> valueDeserializer)
    {
        return transport(configs) == Transport.DAFKA ?
            new DafkaConsumer<>(forDafka(configs), keyDeserializer, valueDeserializer) :
            new KafkaConsumer<>(forKafka(configs), keyDeserializer, valueDeserializer);
    }

    public static Admin admin(final Properties properties)
    {
        return admin(Utils.propsToMap(properties));
    }

    /** An admin client on the chosen transport: {@link DafkaAdmin} (the operations it supports) or Kafka's. */
    public static Admin admin(final Map<String, Object> configs)
    {
        return transport(configs) == Transport.DAFKA ? new DafkaAdmin(forDafka(configs)) :
            Admin.create(forKafka(configs));
    }

    private static Map<String, Object> forDafka(final Map<String, Object> configs)
    {
        final Map<String, Object> dafka = new HashMap<>(configs);
        dafka.remove(TRANSPORT_CONFIG);
        return dafka;
    }

    private static Map<String, Object> forKafka(final Map<String, Object> configs)
    {
        final Map<String, Object> kafka = new HashMap<>();
        configs.forEach((key, value) ->
        {
            if (!key.startsWith(DafkaClientConfig.PREFIX))
            {
                kafka.put(key, value);
            }
        });
        return kafka;
    }
}
