package io.dafka.kafka;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.config.DafkaConfig;
import io.dafka.config.DafkaConfigException;
import io.dafka.kafka.config.BeaconAddress;
import io.dafka.kafka.config.ClientKeys;
import io.dafka.kafka.config.KafkaKeyUsage;
import io.dafka.kafka.config.Towers;
import io.dafka.kafka.producer.internals.ByteBudget;

/**
 * Configuration of a Kafka-API Dafka client: the Kafka keys parsed by Kafka's own {@link ProducerConfig} or
 * {@link ConsumerConfig} (Kafka's validation and {@link ConfigException}s apply), plus the {@code dafka.*} keys of
 * {@link ClientKeys}, each defined once in {@link DafkaConfig}. {@link #toCoreConfig()} gives the engine's
 * configuration, validated when this is built.
 *
 * <p>Towers come from {@code bootstrap.servers} ({@link Towers}); the advertised host from
 * {@code dafka.beacon.address} ({@link BeaconAddress}).
 *
 * <p>Rejected at construction with a {@link ConfigException} naming the key: {@code transactional.id},
 * {@code security.protocol} other than PLAINTEXT, {@code dafka.transport=kafka}, any unknown {@code dafka.*} key or
 * invalid {@code dafka.*} value, a {@code bootstrap.servers} whose towers' hosts do not resolve, a
 * {@code dafka.beacon.address} that is not an address of this host, and a {@code buffer.memory} smaller than one
 * record's bookkeeping. Kafka keys that mean nothing without a broker are ignored (one INFO line lists those set
 * explicitly).
 */
public final class DafkaClientConfig
{
    /** The namespace of Dafka's own keys. */
    public static final String PREFIX = ClientKeys.PREFIX;
    /** Advertised host; {@code auto}: the local address of the route to the first tower. */
    public static final String BEACON_ADDRESS = ClientKeys.BEACON_ADDRESS;
    /** Explicit tower XSUB endpoints (ZeroMQ endpoints), overriding {@code bootstrap.servers}. */
    public static final String TOWER_SUB_ENDPOINTS = ClientKeys.TOWER_SUB_ENDPOINTS;
    /** Explicit tower XPUB endpoints (ZeroMQ endpoints), overriding {@code bootstrap.servers}. */
    public static final String TOWER_PUB_ENDPOINTS = ClientKeys.TOWER_PUB_ENDPOINTS;
    public static final String BEACON_INTERVAL_MS = ClientKeys.BEACON_INTERVAL_MS;
    public static final String BEACON_TIMEOUT_MS = ClientKeys.BEACON_TIMEOUT_MS;
    public static final String PRODUCER_HEAD_INTERVAL_MS = ClientKeys.PRODUCER_HEAD_INTERVAL_MS;
    /** {@code envelope} (default) or {@code raw}: see {@link RecordEnvelope}. */
    public static final String RECORD_FORMAT = ClientKeys.RECORD_FORMAT;
    /** {@code ignore} (default) or {@code reject} an explicit {@code ProducerRecord.partition()}. */
    public static final String PRODUCER_EXPLICIT_PARTITION = ClientKeys.PRODUCER_EXPLICIT_PARTITION;
    /** Directory of the consumer's local committed-offset store. */
    public static final String OFFSETS_DIR = ClientKeys.OFFSETS_DIR;
    /** Distinct stores that must acknowledge for {@code acks=all} (wins over {@code min.insync.replicas}). */
    public static final String MIN_STORES = ClientKeys.MIN_STORES;
    /** Records the producer queues for one peer that stops reading; more are dropped for that peer only. */
    public static final String PRODUCER_HIGH_WATERMARK = ClientKeys.PRODUCER_HIGH_WATERMARK;

    /** Tower XSUB port when {@code bootstrap.servers} names a host only (XPUB is this + 1). */
    public static final int DEFAULT_TOWER_PORT = Towers.DEFAULT_PORT;
    public static final String AUTO = BeaconAddress.AUTO;

    private static final Logger LOG = LoggerFactory.getLogger(DafkaClientConfig.class);

    /** Which Kafka client the configuration is for. */
    public enum Role
    {
        PRODUCER, CONSUMER
    }

    /** How a producer writes a record body. */
    public enum RecordFormat
    {
        /** {@link RecordEnvelope}: key, value, headers, timestamp. */
        ENVELOPE,
        /** The value bytes only (C interoperability); key, headers, timestamp and null-ness are lost. */
        RAW
    }

    /** What a producer does with an explicit {@code ProducerRecord.partition()}. */
    public enum ExplicitPartition
    {
        IGNORE, REJECT
    }

    private final Role role;
    private final AbstractConfig kafka;
    private final Map<String, Object> dafka;
    private final Towers towers;
    private final String beaconAddress;
    private final Set<String> ignoredKeys;
    private final MinStores minStores;
    private final DafkaConfig core;

    private DafkaClientConfig(final Role role, final Map<String, ?> configs)
    {
        this.role = role;
        final Map<String, Object> kafkaSettings = new HashMap<>();
        final Map<String, Object> dafkaSettings = new HashMap<>();
        configs.forEach((key, value) -> (key.startsWith(PREFIX) ? dafkaSettings : kafkaSettings).put(key, value));
        rejectTransactions(kafkaSettings.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        this.dafka = ClientKeys.parse(dafkaSettings);
        if ("kafka".equals(dafka.get(ClientKeys.TRANSPORT)))
        {
            throw new ConfigException(ClientKeys.TRANSPORT, dafkaSettings.get(ClientKeys.TRANSPORT),
                "asks for Kafka's transport, but this is a Dafka client (KafkaClientFactory builds either)");
        }
        this.kafka = role == Role.PRODUCER ? new ProducerConfig(kafkaSettings) : new ConsumerConfig(kafkaSettings);
        if (role == Role.PRODUCER)
        {
            rejectTransactions(kafka.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
            requireRoomForOneRecord(kafka.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG));
        }
        final String protocol = kafka.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        if (!"PLAINTEXT".equalsIgnoreCase(protocol))
        {
            throw new ConfigException(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol,
                "Dafka does not speak Kafka's TLS or SASL; only PLAINTEXT is accepted. For CURVE encryption and " +
                    "key authentication set dafka.security.enabled=true with its key files (docs/security.md)");
        }
        this.towers = Towers.resolve(kafka.getList(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
            stringList(TOWER_SUB_ENDPOINTS), stringList(TOWER_PUB_ENDPOINTS));
        this.beaconAddress = BeaconAddress.resolve((String)dafka.get(BEACON_ADDRESS), towers.subEndpoints().get(0));
        this.minStores = role == Role.PRODUCER ? MinStores.resolve(kafka.getString(ProducerConfig.ACKS_CONFIG),
            Math.toIntExact((Long)dafka.get(MIN_STORES)), dafkaSettings.containsKey(MIN_STORES), kafkaSettings)
            : new MinStores(1, MIN_STORES);
        this.ignoredKeys = KafkaKeyUsage.ignored(role == Role.PRODUCER, kafkaSettings.keySet());
        this.core = buildCoreConfig();
        logIgnored(kafkaSettings.keySet());
    }

    /**
     * Parses producer settings (serializer classes must be present: add the classes of serializer instances
     * first, as {@code KafkaProducer} does).
     *
     * @throws ConfigException naming the offending key
     */
    public static DafkaClientConfig forProducer(final Map<String, ?> configs)
    {
        return new DafkaClientConfig(Role.PRODUCER, configs);
    }

    /**
     * Parses consumer settings (deserializer classes must be present).
     *
     * @throws ConfigException naming the offending key
     */
    public static DafkaClientConfig forConsumer(final Map<String, ?> configs)
    {
        return new DafkaClientConfig(Role.CONSUMER, configs);
    }

    /** The definition of every {@code dafka.*} key, with defaults and documentation (see {@link ClientKeys}). */
    public static ConfigDef dafkaConfigDef()
    {
        return ClientKeys.configDef();
    }

    public Role role()
    {
        return role;
    }

    /** The Kafka keys as parsed by Kafka ({@link ProducerConfig} or {@link ConsumerConfig}). */
    public AbstractConfig kafkaConfig()
    {
        return kafka;
    }

    /** @throws IllegalStateException if this is a consumer configuration */
    public ProducerConfig producerConfig()
    {
        if (!(kafka instanceof ProducerConfig producer))
        {
            throw new IllegalStateException("not a producer configuration");
        }
        return producer;
    }

    /** @throws IllegalStateException if this is a producer configuration */
    public ConsumerConfig consumerConfig()
    {
        if (!(kafka instanceof ConsumerConfig consumer))
        {
            throw new IllegalStateException("not a consumer configuration");
        }
        return consumer;
    }

    /** The parsed {@code dafka.*} values (defaults included), by key. */
    public Map<String, Object> dafkaValues()
    {
        return dafka;
    }

    /** {@code client.id} after Kafka's defaulting ({@code producer-N} / {@code consumer-...}). */
    public String clientId()
    {
        return kafka.getString(CommonClientConfigs.CLIENT_ID_CONFIG);
    }

    public Towers towers()
    {
        return towers;
    }

    /** The advertised host, resolved ({@code auto} replaced); empty lets the tower guess it. */
    public String beaconAddress()
    {
        return beaconAddress;
    }

    public RecordFormat recordFormat()
    {
        return RecordFormat.valueOf(((String)dafka.get(RECORD_FORMAT)).toUpperCase(Locale.ROOT));
    }

    public ExplicitPartition explicitPartition()
    {
        return ExplicitPartition.valueOf(((String)dafka.get(PRODUCER_EXPLICIT_PARTITION)).toUpperCase(Locale.ROOT));
    }

    /** Whether the members of a consumer group share its partitions ({@code dafka.consumer.group.mode=split}). */
    public boolean splitGroups()
    {
        return "split".equals(dafka.get(ClientKeys.GROUP_MODE));
    }

    /** Whether committed offsets are kept by the stores ({@code dafka.consumer.offsets.storage=stores}). */
    public boolean offsetsInStores()
    {
        return "stores".equals(dafka.get(DafkaConfig.CLIENT_OFFSETS_STORAGE.name()));
    }

    /** {@code dafka.consumer.commit.min.stores}: distinct stores that must hold a commit. */
    public int commitMinStores()
    {
        return Math.toIntExact((Long)dafka.get(DafkaConfig.CLIENT_COMMIT_MIN_STORES.name()));
    }

    public Path offsetsDir()
    {
        return Paths.get((String)dafka.get(OFFSETS_DIR));
    }

    public long beaconIntervalMs()
    {
        return (Long)dafka.get(BEACON_INTERVAL_MS);
    }

    public long beaconTimeoutMs()
    {
        return (Long)dafka.get(BEACON_TIMEOUT_MS);
    }

    public long producerHeadIntervalMs()
    {
        return (Long)dafka.get(PRODUCER_HEAD_INTERVAL_MS);
    }

    /**
     * The producer's send queue per peer, in records: {@code dafka.producer.high.watermark} if set, else as many records
     * as {@code buffer.memory} holds at {@link ByteBudget#RECORD_OVERHEAD} each (65 536 for 32 MiB), so a peer
     * that stops reading costs the producer about {@code buffer.memory} rather than C's 1 000 000 records; that
     * peer fetches what was dropped for it from a store.
     */
    public long producerHighWatermark()
    {
        final long explicit = (Long)dafka.get(PRODUCER_HIGH_WATERMARK);
        return explicit > 0 ? explicit
            : Math.max(DafkaConfig.MIN_CLIENT_HIGH_WATERMARK, Math.min(Integer.MAX_VALUE,
                kafka.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG) / ByteBudget.RECORD_OVERHEAD));
    }

    /** Distinct stores a send waits for ({@link MinStores}); 1 unless {@code acks=all}. */
    public MinStores minStores()
    {
        return minStores;
    }

    /** Kafka keys set explicitly that Dafka ignores (no broker, no batching, ...). */
    public Set<String> ignoredKeys()
    {
        return ignoredKeys;
    }

    /**
     * The engine configuration: towers, advertised host, beacon timing, HEAD interval; {@code max.block.ms}
     * (producer) or {@code default.api.timeout.ms} (consumer) bounds the wait for a tower's welcome; the
     * producer's {@code delivery.timeout.ms} bounds close and {@link #minStores()} gives {@code producer.min_stores};
     * the consumer's {@code earliest}/{@code latest} {@code auto.offset.reset} becomes {@code consumer.offset.reset}.
     */
    public DafkaConfig toCoreConfig()
    {
        return core;
    }

    @Override
    public String toString()
    {
        return "DafkaClientConfig{" + role + ", towers=" + towers + ", beaconAddress=" + beaconAddress + ", " +
            dafka + "}";
    }

    private DafkaConfig buildCoreConfig()
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(DafkaConfig.BEACON_ADDRESS.name(), beaconAddress);
        settings.put(DafkaConfig.BEACON_SUB_ADDRESS.name(), String.join(",", towers.subEndpoints()));
        settings.put(DafkaConfig.BEACON_PUB_ADDRESS.name(), String.join(",", towers.pubEndpoints()));
        settings.put(DafkaConfig.BEACON_INTERVAL.name(), beaconIntervalMs());
        settings.put(DafkaConfig.BEACON_TIMEOUT.name(), beaconTimeoutMs());
        settings.put(DafkaConfig.PRODUCER_HEAD_INTERVAL.name(), producerHeadIntervalMs());
        ClientKeys.SECURITY.forEach((name, key) -> settings.put(key.name(), dafka.get(name)));
        if (role == Role.PRODUCER)
        {
            settings.put(DafkaConfig.BEACON_READY_TIMEOUT.name(),
                millis(kafka.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG)));
            settings.put(DafkaConfig.PRODUCER_CLOSE_TIMEOUT.name(),
                millis(kafka.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
            settings.put(DafkaConfig.PRODUCER_HIGH_WATERMARK.name(), producerHighWatermark());
            settings.put(DafkaConfig.PRODUCER_MIN_STORES.name(), minStores.count());
        }
        else
        {
            settings.put(DafkaConfig.BEACON_READY_TIMEOUT.name(),
                millis(kafka.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)));
            final String reset = kafka.getString(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
            if ("earliest".equals(reset) || "latest".equals(reset))
            {
                settings.put(DafkaConfig.CONSUMER_OFFSET_RESET.name(), reset);
            }
        }
        try
        {
            return DafkaConfig.of(settings);
        }
        catch (final DafkaConfigException problem)
        {
            throw ClientKeys.translate(problem, settings.get(problem.key()));
        }
    }

    /** A Kafka timeout as an engine duration: at least 1 ms, at most {@link DafkaConfig#MAX_MILLIS}. */
    private static long millis(final long kafkaMillis)
    {
        return Math.max(1, Math.min(DafkaConfig.MAX_MILLIS, kafkaMillis));
    }

    private static void requireRoomForOneRecord(final long bufferMemory)
    {
        if (bufferMemory < ByteBudget.RECORD_OVERHEAD)
        {
            throw new ConfigException(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferMemory, "must be at least " +
                ByteBudget.RECORD_OVERHEAD + " bytes, the bookkeeping one unacknowledged record costs");
        }
    }

    private static void rejectTransactions(final Object transactionalId)
    {
        if (transactionalId != null && !transactionalId.toString().isEmpty())
        {
            throw new ConfigException(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                "transactions are not supported by Dafka");
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> stringList(final String key)
    {
        return (List<String>)dafka.get(key);
    }

    private void logIgnored(final Set<String> explicit)
    {
        if (!ignoredKeys.isEmpty())
        {
            LOG.info("[{}] Dafka ignores these Kafka settings (no broker, no batching): {}", clientId(),
                ignoredKeys);
        }
        final Set<String> unknown = KafkaKeyUsage.unknown(role == Role.PRODUCER, explicit);
        if (!unknown.isEmpty())
        {
            LOG.warn("[{}] These configurations '{}' were supplied but are not used.", clientId(), unknown);
        }
        if (role == Role.PRODUCER)
        {
            for (final String key : explicit)
            {
                if (key.startsWith("partitioner."))
                {
                    LOG.warn("[{}] {} is ignored: a Dafka producer writes exactly one partition per topic; " +
                        "key-to-partition routing and cross-producer per-key ordering do not exist", clientId(), key);
                }
            }
            final String compression = kafka.getString(ProducerConfig.COMPRESSION_TYPE_CONFIG);
            if (!"none".equals(compression))
            {
                LOG.warn("[{}] compression.type={} is ignored: Dafka sends records uncompressed", clientId(),
                    compression);
            }
        }
    }
}
