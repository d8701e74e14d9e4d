package io.dafka.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.DafkaException;
import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.testing.Loopback;
import io.dafka.testing.SecureKeys;
import io.dafka.transport.Metric;
import io.dafka.transport.Security;
import io.dafka.transport.Sockets;

/** CURVE on every socket: allow-listed nodes exchange records, others get nothing, the allow-list reloads. */
@Timeout(180)
class SecureMeshTest
{
    private static final String TOPIC = "secret";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void shouldDeliverRecordsBetweenTwoSecuredNodes()
    {
        final SecureKeys keys = new SecureKeys(directory).allow("tower").allow("producer").allow("consumer");
        try (TowerNode tower = Loopback.startTower(keys.settings("tower"));
             ProducerNode producer = startProducer(tower, keys);
             ConsumerNode consumer = startConsumer(tower, keys))
        {
            consumer.subscribe(TOPIC);
            sendAndAwait(producer, consumer, 0, 100);

            assertThat(tower.metrics().get(Metric.PEERS_REFUSED)).isZero();
            assertThat(producer.metrics().get(Metric.PEERS_REFUSED)).isZero();
        }
    }

    @Test
    void shouldGiveNothingToANodeWhoseKeyIsNotOnTheAllowList()
    {
        final SecureKeys keys = new SecureKeys(directory).allow("tower").allow("producer").allow("consumer");
        try (TowerNode tower = Loopback.startTower(keys.settings("tower"));
             ProducerNode producer = startProducer(tower, keys);
             ConsumerNode consumer = startConsumer(tower, keys);
             ZContext context = new ZContext(1))
        {
            final DafkaConfig stranger = Loopback.nodeConfig(tower, keys.settings("stranger",
                "beacon.ready_timeout", 2000));
            assertThatThrownBy(() -> ConsumerNode.start(stranger)).isInstanceOf(DafkaException.class)
                .hasMessageContaining("no tower answered").hasMessageContaining("allow-list");
            assertThat(tower.metrics().get(Metric.PEERS_REFUSED)).isPositive();

            // a stranger that knows the producer's endpoint and subscribes to everything
            final ZMQ.Socket snoop = Security.of(stranger).asClient(Sockets.create(context, SocketType.SUB, 1 << 20));
            snoop.subscribe(new byte[0]);
            snoop.connect("tcp://" + producer.host() + ":" + producer.port());
            // and one without CURVE at all
            final ZMQ.Socket plain = Sockets.create(context, SocketType.SUB, 1 << 20);
            plain.subscribe(new byte[0]);
            plain.connect("tcp://" + producer.host() + ":" + producer.port());
            await().atMost(WAIT).until(() -> producer.metrics().get(Metric.PEERS_REFUSED) > 0);
            consumer.subscribe(TOPIC);
            sendAndAwait(producer, consumer, 0, 100);

            assertThat(snoop.recv(ZMQ.DONTWAIT)).as("what the stranger received").isNull();
            assertThat(plain.recv(ZMQ.DONTWAIT)).as("what the plain subscriber received").isNull();
        }
    }

    @Test
    void shouldAdmitAKeyAddedToTheAllowListAtItsFirstHandshakeWithoutRestart()
    {
        final SecureKeys keys = new SecureKeys(directory).allow("tower").allow("producer");
        // neither the tower nor the producer reads the file again within the test but on a miss
        try (TowerNode tower = Loopback.startTower(keys.settings("tower", "security.allow_list.reload_interval",
                 600_000));
             ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, keys.settings("producer",
                 "producer.terminate_unacked", true, "security.allow_list.reload_interval", 600_000))))
        {
            final DafkaConfig late = Loopback.nodeConfig(tower, keys.settings("late", "beacon.ready_timeout", 2000,
                "consumer.offset.reset", "earliest"));
            assertThatThrownBy(() -> ConsumerNode.start(late)).isInstanceOf(DafkaException.class);

            keys.allow("late");
            try (ConsumerNode consumer = ConsumerNode.start(late.with(DafkaConfig.BEACON_READY_TIMEOUT, 30_000)))
            {
                consumer.subscribe(TOPIC);
                sendAndAwait(producer, consumer, 0, 10);
            }
        }
    }

    @Test
    void shouldRefuseARemovedKeyOnceTheReloadIntervalPassedWithoutRestart()
    {
        final SecureKeys keys = new SecureKeys(directory).allow("tower").allow("late");
        // the tower checks an admitted key against the file again at every handshake 1 ms after the last read
        try (TowerNode tower = Loopback.startTower(keys.settings("tower", "security.allow_list.reload_interval", 1)))
        {
            final DafkaConfig late = Loopback.nodeConfig(tower, keys.settings("late", "beacon.ready_timeout", 2000));
            ConsumerNode.start(late.with(DafkaConfig.BEACON_READY_TIMEOUT, 30_000)).close();

            keys.revoke("late");

            assertThatThrownBy(() -> ConsumerNode.start(late)).isInstanceOf(DafkaException.class);
        }
    }

    @Test
    void shouldFailAtConstructionNamingTheKeyWhenAKeyFileIsMissingOrMalformed() throws Exception
    {
        assertThatThrownBy(() -> DafkaConfig.of(Map.of("security.enabled", "true")))
            .hasMessageContaining("'security.key_file'").hasMessageContaining("must name a file");
        final Path bad = directory.resolve("bad.key");
        Files.writeString(bad, "public-key = short\n");
        assertThatThrownBy(() -> DafkaConfig.of(Map.of("security.enabled", "true", "security.key_file", bad.toString())))
            .hasMessageContaining("'security.key_file'").hasMessageContaining("not a Z85 key");
        final Path list = directory.resolve("bad-list");
        Files.writeString(list, "# comment\nnot-a-key\n");
        final SecureKeys keys = new SecureKeys(directory);
        final String good = keys.keyFile("node").toString();
        assertThatThrownBy(() -> DafkaConfig.of(Map.of("security.enabled", "true", "security.key_file", good,
            "security.server_key_file", good, "security.allow_list", list.toString())))
            .hasMessageContaining("'security.allow_list'").hasMessageContaining("not-a-key");
        final Path mixed = directory.resolve("mixed.key");
        Files.writeString(mixed, Files.readAllLines(Path.of(good)).get(1) + "\n" +
            Files.readAllLines(keys.keyFile("other")).get(2) + "\n");
        assertThatThrownBy(() -> DafkaConfig.of(Map.of("security.enabled", "true", "security.key_file",
            mixed.toString()))).hasMessageContaining("'security.key_file'").hasMessageContaining("does not belong");
        assertThat(DafkaConfig.of(Map.of("security.key_file", bad.toString())).get(DafkaConfig.SECURITY_ENABLED))
            .as("key files are not read while security is off").isFalse();
    }

    private static ProducerNode startProducer(final TowerNode tower, final SecureKeys keys)
    {
        return ProducerNode.start(Loopback.nodeConfig(tower, keys.settings("producer",
            "producer.terminate_unacked", true, "producer.head_interval", 100)));
    }

    private static ConsumerNode startConsumer(final TowerNode tower, final SecureKeys keys)
    {
        return ConsumerNode.start(Loopback.nodeConfig(tower, keys.settings("consumer",
            "consumer.offset.reset", "earliest")));
    }

    private static void sendAndAwait(final ProducerNode producer, final ConsumerNode consumer, final int from,
        final int until)
    {
        for (int i = from; i < until; i++)
        {
            producer.send(TOPIC, ("record-" + i).getBytes(StandardCharsets.UTF_8));
        }
        final List<ConsumedRecord> received = new ArrayList<>();
        await().atMost(WAIT).until(() ->
        {
            consumer.poll(received, 1000, Duration.ofMillis(100));
            return received.size() >= until - from;
        });
        assertThat(received).extracting(ConsumedRecord::text)
            .containsExactlyElementsOf(java.util.stream.IntStream.range(from, until).mapToObj(i -> "record-" + i)
                .toList());
    }
}
