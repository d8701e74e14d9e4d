package io.dafka.kafka;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.config.DafkaConfig;
import io.dafka.kafka.producer.internals.ByteBudget;

/**
 * Configuration of a Kafka-API Dafka client: the Kafka keys parsed by Kafka's own {@link ProducerConfig} or
 * {@link ConsumerConfig} (Kafka's validation and {@link ConfigException}s apply), plus the strictly validated
 * {@code dafka.*} keys of {@link #dafkaConfigDef()}. {@link #toCoreConfig()} gives the engine's configuration.
 *
 * <p>Each {@code bootstrap.servers} entry is one tower: {@code host:port} means XSUB at {@code tcp://host:port}
 * and XPUB at {@code tcp://host:(port+1)}; {@code host} alone means ports 5556/5557; a {@code dafka://} prefix
 * is allowed. {@code dafka.tower.sub.endpoints} / {@code dafka.tower.pub.endpoints} override either side.
 *
 * <p>Rejected at construction with a {@link ConfigException} naming the key: {@code transactional.id},
 * {@code security.protocol} other than PLAINTEXT, any unknown {@code dafka.*} key or invalid {@code dafka.*}
 * value. Kafka keys that mean nothing without a broker are ignored (one INFO line lists those set explicitly).
 */
public final class DafkaClientConfig
{
    /** The namespace of Dafka's own keys. */
    public static final String PREFIX = "dafka.";
    /** Advertised host; {@code auto}: the local address of the route to the first tower. */
    public static final String BEACON_ADDRESS = "dafka.beacon.address";
    /** Explicit tower XSUB endpoints (ZeroMQ endpoints), overriding {@code bootstrap.servers}. */
    public static final String TOWER_SUB_ENDPOINTS = "dafka.tower.sub.endpoints";
    /** Explicit tower XPUB endpoints (ZeroMQ endpoints), overriding {@code bootstrap.servers}. */
    public static final String TOWER_PUB_ENDPOINTS = "dafka.tower.pub.endpoints";
    public static final String BEACON_INTERVAL_MS = "dafka.beacon.interval.ms";
    public static final String BEACON_TIMEOUT_MS = "dafka.beacon.timeout.ms";
    public static final String PRODUCER_HEAD_INTERVAL_MS = "dafka.producer.head.interval.ms";
    /** {@code envelope} (default) or {@code raw}: see {@link RecordEnvelope}. */
    public static final String RECORD_FORMAT = "dafka.record.format";
    /** {@code ignore} (default) or {@code reject} an explicit {@code ProducerRecord.partition()}. */
    public static final String PRODUCER_EXPLICIT_PARTITION = "dafka.producer.explicit.partition";
    /** Directory of the consumer's local committed-offset store. */
    public static final String OFFSETS_DIR = "dafka.offsets.dir";
    /** Distinct stores that must acknowledge for {@code acks=all} (wins over {@code min.insync.replicas}). */
    public static final String MIN_STORES = "dafka.min.stores";
    /** Records the producer queues for one peer that stops reading; more are dropped for that peer only. */
    public static final String PRODUCER_HIGH_WATERMARK = "dafka.producer.high.watermark";

    /** Tower XSUB port when {@code bootstrap.servers} names a host only (XPUB is this + 1). */
    public static final int DEFAULT_TOWER_PORT = 5556;
    public static final String AUTO = "auto";
    private static final long MIN_PRODUCER_HIGH_WATERMARK = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(DafkaClientConfig.class);
    private static final String DAFKA_SCHEME = "dafka://";
    private static final ConfigDef DAFKA_DEF = buildDafkaDef();

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
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);

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

    /** Tower endpoints derived from {@code bootstrap.servers} and the overrides. */
    public record Towers(List<String> subEndpoints, List<String> pubEndpoints)
    {
    }

    private final Role role;
    private final AbstractConfig kafka;
    private final Map<String, Object> dafka;
    private final Towers towers;
    private final String beaconAddress;
    private final Set<String> ignoredKeys;
    private final MinStores minStores;

    private DafkaClientConfig(final Role role, final Map<String, ?> configs)
    {
        this.role = role;
        final Map<String, Object> kafkaSettings = new HashMap<>();
        final Map<String, Object> dafkaSettings = new HashMap<>();
        configs.forEach((key, value) ->
        {
            if (key.startsWith(PREFIX))
            {
                if (!DAFKA_DEF.names().contains(key))
                {
                    throw new ConfigException(key, value, "unknown Dafka configuration key; known keys are " +
                        new TreeSet<>(DAFKA_DEF.names()));
                }
                dafkaSettings.put(key, value);
            }
            else
            {
                kafkaSettings.put(key, value);
            }
        });
        rejectTransactions(kafkaSettings.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        this.dafka = DAFKA_DEF.parse(dafkaSettings);
        this.kafka = role == Role.PRODUCER ? new ProducerConfig(kafkaSettings) : new ConsumerConfig(kafkaSettings);
        if (role == Role.PRODUCER)
        {
            rejectTransactions(kafka.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        }
        final String protocol = kafka.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        if (!"PLAINTEXT".equalsIgnoreCase(protocol))
        {
            throw new ConfigException(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol,
                "Dafka has no encryption or authentication; only PLAINTEXT is supported");
        }
        this.towers = towers(kafka.getList(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
            stringList(TOWER_SUB_ENDPOINTS), stringList(TOWER_PUB_ENDPOINTS));
        this.beaconAddress = resolveBeaconAddress((String)dafka.get(BEACON_ADDRESS), towers.subEndpoints().get(0));
        this.minStores = role == Role.PRODUCER ? MinStores.resolve(kafka.getString(ProducerConfig.ACKS_CONFIG),
            (Integer)dafka.get(MIN_STORES), dafkaSettings.containsKey(MIN_STORES), kafkaSettings)
            : new MinStores(1, MIN_STORES);
        this.ignoredKeys = ignoredKeys(role, kafkaSettings.keySet());
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

    /** The definition of every {@code dafka.*} key, with defaults and documentation. */
    public static ConfigDef dafkaConfigDef()
    {
        return new ConfigDef(DAFKA_DEF);
    }

    /**
     * Towers named by {@code bootstrap.servers} entries ({@code host[:port]}, optionally {@code dafka://}),
     * with {@code subOverride}/{@code pubOverride} (full ZeroMQ endpoints) replacing a side when not empty.
     *
     * @throws ConfigException naming {@code bootstrap.servers} for a malformed entry
     */
    public static Towers towers(final List<String> bootstrap, final List<String> subOverride,
        final List<String> pubOverride)
    {
        final List<String> sub = new ArrayList<>();
        final List<String> pub = new ArrayList<>();
        for (final String raw : bootstrap)
        {
            final String entry = raw.trim();
            if (entry.isEmpty())
            {
                continue;
            }
            final HostPort tower = parseEntry(entry);
            sub.add("tcp://" + tower.host() + ":" + tower.port());
            pub.add("tcp://" + tower.host() + ":" + (tower.port() + 1));
        }
        final List<String> subs = subOverride.isEmpty() ? sub : subOverride;
        final List<String> pubs = pubOverride.isEmpty() ? pub : pubOverride;
        if (subs.isEmpty() || pubs.isEmpty())
        {
            throw new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                "no Dafka tower given");
        }
        return new Towers(List.copyOf(subs), List.copyOf(pubs));
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
        return Collections.unmodifiableMap(dafka);
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
            : Math.max(MIN_PRODUCER_HIGH_WATERMARK, kafka.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG) /
                ByteBudget.RECORD_OVERHEAD);
    }

    /** Kafka keys set explicitly that Dafka ignores (no broker, no batching, ...). */
    /** Distinct stores a send waits for ({@link MinStores}); 1 unless {@code acks=all}. */
    public MinStores minStores()
    {
        return minStores;
    }

    public Set<String> ignoredKeys()
    {
        return ignoredKeys;
    }

    /**
     * The engine configuration: towers, advertised host, beacon timing, HEAD interval; {@code max.block.ms}
     * (producer) or {@code default.api.timeout.ms} (consumer) bounds the wait for a tower's welcome; the
     * producer's {@code delivery.timeout.ms} bounds close and {@link #minStores()} gives {@code producer.min_stores};
     * the consumer's {@code earliest}/{@code latest}
     * {@code auto.offset.reset} becomes {@code consumer.offset.reset}.
     */
    public DafkaConfig toCoreConfig()
    {
        final Map<String, Object> core = new LinkedHashMap<>();
        core.put(DafkaConfig.BEACON_ADDRESS.name(), beaconAddress);
        core.put(DafkaConfig.BEACON_SUB_ADDRESS.name(), String.join(",", towers.subEndpoints()));
        core.put(DafkaConfig.BEACON_PUB_ADDRESS.name(), String.join(",", towers.pubEndpoints()));
        core.put(DafkaConfig.BEACON_INTERVAL.name(), beaconIntervalMs());
        core.put(DafkaConfig.BEACON_TIMEOUT.name(), beaconTimeoutMs());
        core.put(DafkaConfig.PRODUCER_HEAD_INTERVAL.name(), producerHeadIntervalMs());
        if (role == Role.PRODUCER)
        {
            core.put(DafkaConfig.BEACON_READY_TIMEOUT.name(),
                Math.max(1, kafka.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG)));
            core.put(DafkaConfig.PRODUCER_CLOSE_TIMEOUT.name(),
                Math.max(1, kafka.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
            core.put(DafkaConfig.PRODUCER_HIGH_WATERMARK.name(), producerHighWatermark());
            core.put(DafkaConfig.PRODUCER_MIN_STORES.name(), minStores.count());
        }
        else
        {
            core.put(DafkaConfig.BEACON_READY_TIMEOUT.name(),
                Math.max(1, kafka.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)));
            final String reset = kafka.getString(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
            if ("earliest".equals(reset) || "latest".equals(reset))
            {
                core.put(DafkaConfig.CONSUMER_OFFSET_RESET.name(), reset);
            }
        }
        return DafkaConfig.of(core);
    }

    @Override
    public String toString()
    {
        return "DafkaClientConfig{" + role + ", towers=" + towers + ", beaconAddress=" + beaconAddress + ", " +
            dafka + "}";
    }

    private static ConfigDef buildDafkaDef()
    {
        final String home = System.getProperty("user.home", ".");
        return new ConfigDef()
            .define(TOWER_SUB_ENDPOINTS, ConfigDef.Type.LIST, "", ConfigDef.Importance.MEDIUM,
                "Tower XSUB endpoints (e.g. tcp://host:5556), overriding the ones derived from bootstrap.servers.")
            .define(TOWER_PUB_ENDPOINTS, ConfigDef.Type.LIST, "", ConfigDef.Importance.MEDIUM,
                "Tower XPUB endpoints (e.g. tcp://host:5557), overriding the ones derived from bootstrap.servers.")
            .define(BEACON_ADDRESS, ConfigDef.Type.STRING, AUTO, new ConfigDef.NonEmptyString(),
                ConfigDef.Importance.MEDIUM, "Host/IP announced to the towers and bound by data sockets; 'auto' " +
                    "picks the local address of the route to the first tower (127.0.0.1 for a loopback tower).")
            .define(BEACON_INTERVAL_MS, ConfigDef.Type.LONG, 1000L, ConfigDef.Range.atLeast(1),
                ConfigDef.Importance.LOW, "Milliseconds between beacons.")
            .define(BEACON_TIMEOUT_MS, ConfigDef.Type.LONG, 4000L, ConfigDef.Range.atLeast(1),
                ConfigDef.Importance.LOW, "Milliseconds without a beacon before a peer is disconnected.")
            .define(PRODUCER_HEAD_INTERVAL_MS, ConfigDef.Type.LONG, 1000L, ConfigDef.Range.atLeast(1),
                ConfigDef.Importance.LOW, "Milliseconds between a producer's HEAD announcements.")
            .define(RECORD_FORMAT, ConfigDef.Type.STRING, "envelope",
                ConfigDef.CaseInsensitiveValidString.in("envelope", "raw"), ConfigDef.Importance.MEDIUM,
                "Record body: 'envelope' (key, value, headers, timestamp) or 'raw' (the value only, for C peers).")
            .define(PRODUCER_EXPLICIT_PARTITION, ConfigDef.Type.STRING, "ignore",
                ConfigDef.CaseInsensitiveValidString.in("ignore", "reject"), ConfigDef.Importance.LOW,
                "An explicit ProducerRecord partition: 'ignore' it (WARN once per topic) or 'reject' the send.")
            .define(OFFSETS_DIR, ConfigDef.Type.STRING, Paths.get(home, ".dafka", "offsets").toString(),
                new ConfigDef.NonEmptyString(), ConfigDef.Importance.MEDIUM,
                "Directory of the consumer's local committed-offset store.")
            .define(PRODUCER_HIGH_WATERMARK, ConfigDef.Type.LONG, 0L, ConfigDef.Range.atLeast(0),
                ConfigDef.Importance.LOW, "Records a producer queues for one peer that stops reading (more are " +
                    "dropped for that peer, which fetches them from a store); 0 (default): buffer.memory / 512.")
            .define(MIN_STORES, ConfigDef.Type.INT, 1, ConfigDef.Range.between(1, MinStores.MAX),
                ConfigDef.Importance.MEDIUM, "Distinct stores (Java stores: they identify their ACKs) acks=all " +
                    "waits for; if not set, min.insync.replicas is used when given; default 1.");
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

    private record HostPort(String host, int port)
    {
    }

    private static HostPort parseEntry(final String entry)
    {
        String rest = entry;
        if (rest.regionMatches(true, 0, DAFKA_SCHEME, 0, DAFKA_SCHEME.length()))
        {
            rest = rest.substring(DAFKA_SCHEME.length());
        }
        if (rest.contains("://") || rest.contains("/") || rest.isEmpty())
        {
            throw badEntry(entry, "expected host[:port] or dafka://host[:port]");
        }
        final String host;
        final String port;
        if (rest.startsWith("["))
        {
            final int close = rest.indexOf(']');
            if (close < 0)
            {
                throw badEntry(entry, "unterminated IPv6 address");
            }
            host = rest.substring(0, close + 1);
            port = close + 1 < rest.length() && rest.charAt(close + 1) == ':' ? rest.substring(close + 2) : null;
            if (port == null && close + 1 < rest.length())
            {
                throw badEntry(entry, "expected ':' after the IPv6 address");
            }
        }
        else
        {
            final int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isEmpty() || host.indexOf(':') >= 0 && !host.startsWith("["))
        {
            throw badEntry(entry, "bad host");
        }
        if (port == null)
        {
            return new HostPort(host, DEFAULT_TOWER_PORT);
        }
        try
        {
            final int number = Integer.parseInt(port);
            if (number < 1 || number > 65534)
            {
                throw badEntry(entry, "port must be 1..65534 (the tower's XPUB is port + 1)");
            }
            return new HostPort(host, number);
        }
        catch (final NumberFormatException e)
        {
            throw badEntry(entry, "bad port");
        }
    }

    private static ConfigException badEntry(final String entry, final String problem)
    {
        return new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, entry, problem);
    }

    /**
     * {@code auto}: 127.0.0.1 for a loopback tower, else the local address of the route to it (a connected
     * {@link DatagramSocket}, which sends nothing); empty (the tower guesses) if that cannot be found.
     */
    static String resolveBeaconAddress(final String configured, final String firstTower)
    {
        if (!AUTO.equalsIgnoreCase(configured))
        {
            return configured;
        }
        final String hostPort = firstTower.startsWith("tcp://") ? firstTower.substring("tcp://".length()) : null;
        if (hostPort == null)
        {
            return "";
        }
        final int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try
        {
            port = colon < 0 ? DEFAULT_TOWER_PORT : Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException e)
        {
            port = DEFAULT_TOWER_PORT;
        }
        try
        {
            final InetAddress tower = InetAddress.getByName(host);
            if (tower.isLoopbackAddress())
            {
                return "127.0.0.1";
            }
            try (DatagramSocket probe = new DatagramSocket())
            {
                probe.connect(new InetSocketAddress(tower, port));
                final InetAddress local = probe.getLocalAddress();
                if (local == null || local.isAnyLocalAddress())
                {
                    return "";
                }
                return local.getHostAddress();
            }
        }
        catch (final Exception e)
        {
            LOG.warn("{}=auto: no route to tower {} ({}); letting the tower guess this host", BEACON_ADDRESS,
                firstTower, e.toString());
            return "";
        }
    }

    private static Set<String> ignoredKeys(final Role role, final Set<String> explicit)
    {
        final Set<String> known = role == Role.PRODUCER ? ProducerConfig.configNames() : ConsumerConfig.configNames();
        final Set<String> honoured = role == Role.PRODUCER ? PRODUCER_HONOURED : CONSUMER_HONOURED;
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

    private void logIgnored(final Set<String> explicit)
    {
        if (!ignoredKeys.isEmpty())
        {
            LOG.info("[{}] Dafka ignores these Kafka settings (no broker, no batching): {}", clientId(),
                ignoredKeys);
        }
        final Set<String> known = role == Role.PRODUCER ? ProducerConfig.configNames() : ConsumerConfig.configNames();
        final Set<String> unknown = new TreeSet<>();
        for (final String key : explicit)
        {
            if (!known.contains(key))
            {
                unknown.add(key);
            }
        }
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
