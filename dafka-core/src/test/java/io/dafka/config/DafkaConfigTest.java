package io.dafka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of the daemons' configuration: every key's range, and the rules between keys. */
class DafkaConfigTest
{
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "beacon.interval, 0",
        "beacon.interval, 99999999999",
        "beacon.interval, 60001",
        "beacon.timeout, 3000000000",
        "beacon.ready_timeout, 0",
        "producer.head_interval, 99999999999",
        "producer.high_watermark, -1",
        "producer.high_watermark, 2147483648",
        "producer.close_timeout, 0",
        "producer.min_stores, 256",
        "consumer.high_watermark, 2147483648",
        "consumer.fetch.max_count, 0",
        "consumer.fetch.max_count, 2147483648",
        "consumer.fetch.retry_interval, 99999999999",
        "consumer.reorder.capacity, 0",
        "consumer.queue.capacity, 2147483647",
        "store.high_watermark, -5",
        "store.fetch.max_count, 2147483648",
        "store.fetch.retry_interval, 0",
        "store.segment.bytes, 100",
        "store.segment.ms, 9223372036854775807",
        "store.retention.ms, -1",
        "store.retention.ms, 9223372036854775807",
        "store.retention.check_interval, 99999999999",
        "store.index.entries, 10",
        "store.adopt.timeout, 99999999999",
        "store.repair.timeout, 0",
        "store.scrub.interval, 99999999999",
        "store.scrub.rate, 0",
        "store.sync.interval, 99999999999",
        "socket.max_message_size, 100",
        "socket.max_message_size, 4294967296",
        "store.fsync, sometimes",
        "store.adopt, maybe",
        "consumer.offset.reset, none",
        "consumer.discovery, all",
        "beacon.interval, ten"
    })
    void shouldRejectAValueOutsideTheKeysRangeNamingTheKey(final String key, final String value)
    {
        assertThatThrownBy(() -> DafkaConfig.of(Map.of(key, value)))
            .isInstanceOf(DafkaConfigException.class)
            .hasMessageContaining(key)
            .satisfies(e -> assertThat(((DafkaConfigException)e).key()).isEqualTo(key));
    }

    @Test
    void shouldAcceptTheBoundsOfEachRange()
    {
        final DafkaConfig config = DafkaConfig.of(Map.of("beacon.interval", "60000", "beacon.timeout", "60001",
            "producer.high_watermark", "0", "consumer.queue.capacity", "16777216",
            "store.retention.ms", Long.toString(DafkaConfig.MAX_LONG_MILLIS), "socket.max_message_size", "1024"));

        assertThat(config.get(DafkaConfig.BEACON_INTERVAL)).isEqualTo(60_000L);
        assertThat(config.get(DafkaConfig.CONSUMER_QUEUE_CAPACITY)).isEqualTo(1L << 24);
        assertThat(config.get(DafkaConfig.STORE_RETENTION_MS)).isEqualTo(DafkaConfig.MAX_LONG_MILLIS);
    }

    @Test
    void shouldRejectABeaconTimeoutThatDoesNotExceedTheBeaconInterval()
    {
        assertThatThrownBy(() -> DafkaConfig.of(Map.of("beacon.interval", "5000")))
            .isInstanceOf(DafkaConfigException.class)
            .hasMessageContaining("beacon.timeout").hasMessageContaining("beacon.interval (5000)");
        assertThatThrownBy(() -> DafkaConfig.of(Map.of("beacon.interval", "2000", "beacon.timeout", "2000")))
            .isInstanceOf(DafkaConfigException.class).hasMessageContaining("beacon.timeout");
        assertThatThrownBy(() -> DafkaConfig.defaults().with(DafkaConfig.BEACON_TIMEOUT, 1000))
            .isInstanceOf(DafkaConfigException.class).hasMessageContaining("beacon.timeout");
    }

    @Test
    void shouldRejectUnknownKeysAndKafkaClientOnlyKeys()
    {
        assertThatThrownBy(() -> DafkaConfig.of(Map.of("store.fsnyc", "batch")))
            .isInstanceOf(DafkaConfigException.class).hasMessageContaining("store.fsnyc");
        assertThatThrownBy(() -> DafkaConfig.of(Map.of("dafka.record.format", "raw")))
            .as("a Kafka-client key is no daemon key").isInstanceOf(DafkaConfigException.class);
    }

    @Test
    void shouldAcceptCsSlashSeparatedKeys()
    {
        assertThat(DafkaConfig.of(Map.of("store/fsync", "never")).get(DafkaConfig.STORE_FSYNC)).isEqualTo("never");
    }

    @Test
    void shouldParseTheKafkaClientKeysWithTheirOwnRules()
    {
        assertThat(DafkaConfig.CLIENT_TOWER_SUB_ENDPOINTS.parse(" tcp://a:1 , ,tcp://b:2"))
            .isEqualTo(List.of("tcp://a:1", "tcp://b:2"));
        assertThat(DafkaConfig.CLIENT_PRODUCER_HIGH_WATERMARK.parse("0")).isZero();
        assertThat(DafkaConfig.CLIENT_PRODUCER_HIGH_WATERMARK.parse("1000")).isEqualTo(1000L);
        assertThatThrownBy(() -> DafkaConfig.CLIENT_PRODUCER_HIGH_WATERMARK.parse("10"))
            .isInstanceOf(DafkaConfigException.class).hasMessageContaining("dafka.producer.high.watermark");
        assertThatThrownBy(() -> DafkaConfig.CLIENT_BEACON_ADDRESS.parse(" "))
            .isInstanceOf(DafkaConfigException.class).hasMessageContaining("dafka.beacon.address");
    }
}
