package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.dafka.config.ConfigKey;
import io.dafka.config.DafkaConfig;
import io.dafka.kafka.config.ClientKeys;
import io.dafka.kafka.config.BeaconAddress;
import io.dafka.kafka.config.Towers;
import io.dafka.transport.CurveKeyPair;

@Timeout(120)
class DafkaClientConfigTest
{
    private static Map<String, Object> consumer(final Object... pairs)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "127.0.0.1:7000");
        settings.put("key.deserializer", StringDeserializer.class);
        settings.put("value.deserializer", StringDeserializer.class);
        for (int i = 0; i < pairs.length; i += 2)
        {
            settings.put((String)pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    private static Map<String, Object> producer(final Object... pairs)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "127.0.0.1:7000");
        settings.put("key.serializer", StringSerializer.class);
        settings.put("value.serializer", StringSerializer.class.getName());
        for (int i = 0; i < pairs.length; i += 2)
        {
            settings.put((String)pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    @Test
    void shouldMapBootstrapEntriesToTowerPortAndPortPlusOne()
    {
        final Towers towers = Towers.parse(
            List.of("10.0.0.1:7000", "towerhost", "dafka://other:6000", "DAFKA://[::1]:8000", "dafka://bare"),
            List.of(), List.of());

        final int sub = Towers.DEFAULT_PORT; // C's default tower ports: parsed here, never bound
        final int pub = sub + 1;
        assertThat(towers.subEndpoints()).containsExactly("tcp://10.0.0.1:7000", "tcp://towerhost:" + sub,
            "tcp://other:6000", "tcp://[::1]:8000", "tcp://bare:" + sub);
        assertThat(towers.pubEndpoints()).containsExactly("tcp://10.0.0.1:7001", "tcp://towerhost:" + pub,
            "tcp://other:6001", "tcp://[::1]:8001", "tcp://bare:" + pub);
    }

    @Test
    void shouldLetExplicitEndpointsOverrideEitherSide()
    {
        final DafkaClientConfig config = DafkaClientConfig.forProducer(producer(
            "dafka.tower.sub.endpoints", "tcp://127.0.0.1:41000", "dafka.tower.pub.endpoints", "tcp://127.0.0.1:42000"));

        assertThat(config.towers().subEndpoints()).containsExactly("tcp://127.0.0.1:41000");
        assertThat(config.towers().pubEndpoints()).containsExactly("tcp://127.0.0.1:42000");
    }

    @Test
    void shouldRejectMalformedBootstrapEntriesNamingTheKey()
    {
        for (final String bad : List.of("host:notaport", "host:65535", "tcp://host:1", "host:0"))
        {
            assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("bootstrap.servers", bad)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
        }
    }

    @Test
    void shouldBuildTheCoreConfiguration()
    {
        final DafkaConfig core = DafkaClientConfig.forProducer(producer("max.block.ms", 1234, "delivery.timeout.ms",
            60_000, "dafka.beacon.interval.ms", 250, "dafka.beacon.timeout.ms", "2000",
            "dafka.producer.head.interval.ms", 300)).toCoreConfig();

        assertThat(core.get(DafkaConfig.BEACON_SUB_ADDRESS)).isEqualTo("tcp://127.0.0.1:7000");
        assertThat(core.get(DafkaConfig.BEACON_PUB_ADDRESS)).isEqualTo("tcp://127.0.0.1:7001");
        assertThat(core.get(DafkaConfig.BEACON_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(core.get(DafkaConfig.BEACON_READY_TIMEOUT)).isEqualTo(1234L);
        assertThat(core.get(DafkaConfig.PRODUCER_CLOSE_TIMEOUT)).isEqualTo(60_000L);
        assertThat(core.get(DafkaConfig.BEACON_INTERVAL)).isEqualTo(250L);
        assertThat(core.get(DafkaConfig.BEACON_TIMEOUT)).isEqualTo(2000L);
        assertThat(core.get(DafkaConfig.PRODUCER_HEAD_INTERVAL)).isEqualTo(300L);
    }

    @Test
    void shouldResolveAutoBeaconAddressToLoopbackForALocalTower()
    {
        assertThat(BeaconAddress.resolve("auto", "tcp://localhost:7000")).isEqualTo("127.0.0.1");
        assertThat(BeaconAddress.resolve("auto", "tcp://127.0.0.1:7000")).isEqualTo("127.0.0.1");
        assertThat(BeaconAddress.resolve("127.0.0.1", "tcp://10.1.2.3:7000")).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldRejectABeaconAddressThatIsNotAnAddressOfThisHost()
    {
        // 192.0.2.1 is reserved for documentation (RFC 5737): no host has it on an interface.
        for (final String bad : List.of("192.0.2.1", "no-such-host.invalid", "0.0.0.0"))
        {
            assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("dafka.beacon.address", bad)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.beacon.address")
                .hasMessageContaining(bad);
        }
        assertThat(DafkaClientConfig.forProducer(producer("dafka.beacon.address", "localhost")).beaconAddress())
            .isEqualTo("localhost");
    }

    @Test
    void shouldRejectUnresolvableTowerHostsNamingTheKeyThatGaveThem()
    {
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("bootstrap.servers",
            "no-such-host.invalid:7000")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers")
            .hasMessageContaining("no resolvable tower host");
        assertThatThrownBy(() -> DafkaClientConfig.forConsumer(consumer("bootstrap.servers", "garbage")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("dafka.tower.sub.endpoints",
            "tcp://no-such-host.invalid:7000")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.tower.sub.endpoints");
        assertThat(DafkaClientConfig.forProducer(producer("bootstrap.servers",
            "no-such-host.invalid:7000,127.0.0.1:7000")).towers().subEndpoints())
            .as("as Kafka: one resolvable entry is enough").hasSize(2);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "dafka.producer.high.watermark, 10, dafka.producer.high.watermark",
        "dafka.producer.high.watermark, -1, dafka.producer.high.watermark",
        "dafka.producer.high.watermark, 2147483648, dafka.producer.high.watermark",
        "dafka.beacon.interval.ms, 99999999999, dafka.beacon.interval.ms",
        "dafka.beacon.interval.ms, 0, dafka.beacon.interval.ms",
        "dafka.beacon.interval.ms, 5000, dafka.beacon.interval.ms (5000)",
        "dafka.beacon.timeout.ms, 500, dafka.beacon.timeout.ms",
        "dafka.beacon.timeout.ms, 99999999999, dafka.beacon.timeout.ms",
        "dafka.producer.head.interval.ms, 99999999999, dafka.producer.head.interval.ms",
        "dafka.min.stores, 256, dafka.min.stores",
        "dafka.record.format, json, dafka.record.format",
        "dafka.producer.explicit.partition, sometimes, dafka.producer.explicit.partition",
        "dafka.offsets.dir, ' ', dafka.offsets.dir",
        "dafka.beacon.address, ' ', dafka.beacon.address",
        "dafka.transport, kafka, dafka.transport",
        "dafka.transport, carrier-pigeon, dafka.transport",
        "buffer.memory, 100, buffer.memory",
        "buffer.memory, 511, buffer.memory",
        "bootstrap.servers, host:65535, bootstrap.servers"
    })
    void shouldRejectOutOfRangeOrInconsistentValuesNamingTheKey(final String key, final String value,
        final String named)
    {
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer(key, value)))
            .isInstanceOf(ConfigException.class).hasMessageContaining(named);
    }

    @Test
    void shouldClampKafkaTimeoutsToWhatTheEngineAccepts()
    {
        final DafkaConfig core = DafkaClientConfig.forProducer(producer("max.block.ms", Long.MAX_VALUE,
            "buffer.memory", 512)).toCoreConfig();

        assertThat(core.get(DafkaConfig.BEACON_READY_TIMEOUT)).isEqualTo(DafkaConfig.MAX_MILLIS);
        assertThat(core.get(DafkaConfig.PRODUCER_HIGH_WATERMARK)).isEqualTo(DafkaConfig.MIN_CLIENT_HIGH_WATERMARK);
    }

    @Test
    void shouldMapKafkasZeroTimeoutsIntoTheEngineRangeInsteadOfFailing()
    {
        final DafkaConfig producer = DafkaClientConfig.forProducer(producer("max.block.ms", 0,
            "delivery.timeout.ms", 0, "linger.ms", 0, "request.timeout.ms", 0)).toCoreConfig();
        final DafkaConfig consumer = DafkaClientConfig.forConsumer(consumer("default.api.timeout.ms", 0))
            .toCoreConfig();

        assertThat(producer.get(DafkaConfig.BEACON_READY_TIMEOUT)).isEqualTo(1L);
        assertThat(producer.get(DafkaConfig.PRODUCER_CLOSE_TIMEOUT)).isEqualTo(1L);
        assertThat(consumer.get(DafkaConfig.BEACON_READY_TIMEOUT)).isEqualTo(1L);
    }

    @Test
    void shouldTakeEveryDafkaKeysDefaultAndDocFromItsOneDefinitionInDafkaConfig()
    {
        final Map<String, Object> defaults = DafkaClientConfig.dafkaConfigDef().defaultValues();

        assertThat(defaults).containsOnlyKeys(ClientKeys.names());
        for (final String name : ClientKeys.names())
        {
            final ConfigKey<?> key = ClientKeys.key(name);
            assertThat(DafkaConfig.KEYS.contains(key) || DafkaConfig.CLIENT_KEYS.contains(key)).as(name).isTrue();
            assertThat(defaults.get(name)).as(name).isEqualTo(key.parse(key.defaultValue()));
            assertThat(DafkaClientConfig.dafkaConfigDef().configKeys().get(name).documentation).isEqualTo(key.doc());
        }
        assertThat(ClientKeys.key("dafka.beacon.interval.ms")).isSameAs(DafkaConfig.BEACON_INTERVAL);
        assertThat(DafkaClientConfig.forProducer(producer()).dafkaValues())
            .containsEntry("dafka.beacon.timeout.ms", DafkaConfig.defaults().get(DafkaConfig.BEACON_TIMEOUT));
    }

    @Test
    void shouldAcceptTheTransportKeySoOnePropertiesFileServesTheDafkaConstructors(@TempDir final Path offsets)
    {
        try (EmbeddedDafka dafka = new EmbeddedDafka(offsets))
        {
            final Properties properties = new Properties();
            properties.putAll(dafka.clientConfig());
            properties.put("dafka.transport", "dafka");
            properties.put("key.serializer", StringSerializer.class.getName());
            properties.put("value.serializer", StringSerializer.class.getName());
            properties.put("key.deserializer", StringDeserializer.class.getName());
            properties.put("value.deserializer", StringDeserializer.class.getName());

            try (DafkaProducer<String, String> producer = new DafkaProducer<>(properties);
                 DafkaConsumer<String, String> consumer = new DafkaConsumer<>(properties))
            {
                assertThat(producer.metrics()).isNotEmpty();
                assertThat(consumer.assignment()).isEmpty();
            }
        }
    }

    @Test
    void shouldApplyDafkaDefaults()
    {
        final DafkaClientConfig config = DafkaClientConfig.forProducer(producer());

        assertThat(config.recordFormat()).isEqualTo(DafkaClientConfig.RecordFormat.ENVELOPE);
        assertThat(config.explicitPartition()).isEqualTo(DafkaClientConfig.ExplicitPartition.IGNORE);
        assertThat(config.offsetsDir().toString()).endsWith(".dafka/offsets");
        assertThat(config.clientId()).startsWith("producer-");
        assertThat(DafkaClientConfig.forProducer(producer("dafka.record.format", "RAW")).recordFormat())
            .isEqualTo(DafkaClientConfig.RecordFormat.RAW);
    }

    @Test
    void shouldListExplicitlySetKafkaKeysThatDafkaIgnores()
    {
        final DafkaClientConfig config = DafkaClientConfig.forProducer(producer("linger.ms", 10, "retries", 3,
            "acks", "1", "batch.size", 100));

        assertThat(config.ignoredKeys()).containsExactly("batch.size", "linger.ms", "retries");
    }

    @Test
    void shouldRejectTransactionalId()
    {
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("transactional.id", "tx-1")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("transactional.id");
    }

    @Test
    void shouldRejectSecurityProtocolsOtherThanPlaintext()
    {
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("security.protocol", "SSL")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol")
            .hasMessageContaining("dafka.security.enabled");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("security.protocol", "SASL_PLAINTEXT")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("security.protocol");
    }

    @Test
    void shouldPassTheSecurityKeysToTheEngine(@TempDir final Path keys) throws Exception
    {
        final Path node = keys.resolve("node.key");
        final Path server = keys.resolve("server.key");
        CurveKeyPair.generate().write(node);
        CurveKeyPair.generate().write(server);
        final Path allowList = keys.resolve("allow-list");
        Files.writeString(allowList, CurveKeyPair.read(node).publicKey() + "\n");

        final DafkaConfig core = DafkaClientConfig.forConsumer(consumer("dafka.security.enabled", true,
            "dafka.security.key.file", node.toString(), "dafka.security.server.key.file", server.toString(),
            "dafka.security.allow.list", allowList.toString(), "dafka.security.allow.list.reload.ms", 500))
            .toCoreConfig();

        assertThat(core.get(DafkaConfig.SECURITY_ENABLED)).isTrue();
        assertThat(core.get(DafkaConfig.SECURITY_KEY_FILE)).isEqualTo(node.toString());
        assertThat(core.get(DafkaConfig.SECURITY_SERVER_KEY_FILE)).isEqualTo(server.toString());
        assertThat(core.get(DafkaConfig.SECURITY_ALLOW_LIST)).isEqualTo(allowList.toString());
        assertThat(core.get(DafkaConfig.SECURITY_ALLOW_LIST_RELOAD_INTERVAL)).isEqualTo(500L);
    }

    @Test
    void shouldNameTheClientKeyWhenSecurityIsOnWithoutAKeyFile()
    {
        assertThatThrownBy(() -> DafkaClientConfig.forConsumer(consumer("dafka.security.enabled", "true")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.security.key.file");
    }

    @Test
    void shouldRejectUnknownDafkaKeysNamingThem()
    {
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("dafka.x", "1")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.x");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("dafka.record.fromat", "raw")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.record.fromat");
    }

    @Test
    void shouldBoundTheProducersQueuePerPeerByBufferMemoryUnlessSet()
    {
        assertThat(DafkaClientConfig.forProducer(producer()).toCoreConfig().get(DafkaConfig.PRODUCER_HIGH_WATERMARK))
            .as("32 MiB of buffer.memory at 512 bytes per record").isEqualTo(65_536L);
        assertThat(DafkaClientConfig.forProducer(producer("buffer.memory", 1 << 20)).toCoreConfig()
            .get(DafkaConfig.PRODUCER_HIGH_WATERMARK)).isEqualTo(2048L);
        assertThat(DafkaClientConfig.forProducer(producer("buffer.memory", 1000)).toCoreConfig()
            .get(DafkaConfig.PRODUCER_HIGH_WATERMARK)).as("never below 1000").isEqualTo(1000L);
        assertThat(DafkaClientConfig.forProducer(producer("dafka.producer.high.watermark", 1_000_000)).toCoreConfig()
            .get(DafkaConfig.PRODUCER_HIGH_WATERMARK)).isEqualTo(1_000_000L);
    }

    @Test
    void shouldRejectInvalidDafkaValuesNamingTheKey()
    {
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("dafka.record.format", "json")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.record.format");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("dafka.beacon.interval.ms", 0)))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.beacon.interval.ms");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("dafka.min.stores", 0)))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.min.stores");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("min.insync.replicas", "two")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("min.insync.replicas");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("min.insync.replicas", 0)))
            .isInstanceOf(ConfigException.class).hasMessageContaining("min.insync.replicas");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("dafka.producer.high.watermark", -1)))
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.producer.high.watermark");
    }

    @Test
    void shouldWaitForMinStoresOnlyWithAcksAllAndPreferDafkaMinStoresOverMinInsyncReplicas()
    {
        assertThat(minStores("acks", "all")).isEqualTo(new MinStores(1, "dafka.min.stores"));
        assertThat(minStores("acks", "all", "dafka.min.stores", 3)).isEqualTo(new MinStores(3, "dafka.min.stores"));
        assertThat(minStores("acks", "-1", "min.insync.replicas", "2"))
            .isEqualTo(new MinStores(2, "min.insync.replicas"));
        assertThat(minStores("acks", "all", "min.insync.replicas", 2, "dafka.min.stores", 3))
            .as("both given: dafka.min.stores wins").isEqualTo(new MinStores(3, "dafka.min.stores"));
        assertThat(minStores("acks", "1", "dafka.min.stores", 3).count()).as("acks=1 is the first store").isOne();
        assertThat(DafkaClientConfig.forProducer(producer("acks", "all", "dafka.min.stores", 2)).toCoreConfig()
            .get(DafkaConfig.PRODUCER_MIN_STORES)).isEqualTo(2L);
        assertThat(DafkaClientConfig.forProducer(producer("acks", "1", "dafka.min.stores", 2)).toCoreConfig()
            .get(DafkaConfig.PRODUCER_MIN_STORES)).isEqualTo(1L);
    }

    private MinStores minStores(final Object... pairs)
    {
        return DafkaClientConfig.forProducer(producer(pairs)).minStores();
    }

    @Test
    void shouldKeepKafkasOwnValidation()
    {
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(producer("acks", "2")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("acks");
        final Map<String, Object> noSerializer = producer();
        noSerializer.remove("key.serializer");
        assertThatThrownBy(() -> DafkaClientConfig.forProducer(noSerializer))
            .isInstanceOf(ConfigException.class).hasMessageContaining("key.serializer");
    }

    @Test
    void shouldParseConsumerSettings()
    {
        final DafkaClientConfig config = DafkaClientConfig.forConsumer(Map.of("bootstrap.servers", "localhost",
            "key.deserializer", StringDeserializer.class, "value.deserializer", StringDeserializer.class,
            "auto.offset.reset", "earliest", "dafka.offsets.dir", "/tmp/offsets", "session.timeout.ms", 10_000,
            "fetch.min.bytes", 1_000));

        assertThat(config.consumerConfig()).isNotNull();
        assertThat(config.offsetsDir().toString()).isEqualTo("/tmp/offsets");
        assertThat(config.ignoredKeys()).as("the group's timings are honoured, a broker's fetch batching is not")
            .containsExactly("fetch.min.bytes");
        assertThat(config.toCoreConfig().get(DafkaConfig.CONSUMER_OFFSET_RESET)).isEqualTo("earliest");
        assertThatThrownBy(config::producerConfig).isInstanceOf(IllegalStateException.class);
    }
}
