package io.dafka.realkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.dafka.realkafka.RealKafka.Kind;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fixture against itself; this module's Surefire runs it with {@code realkafka.mode=process}. */
@ExtendWith(RealKafkaExtension.class)
@Timeout(120)
class RealKafkaTest
{
    private static final int RECORDS = 100;

    @Test
    void shouldReadBackEveryRecordInTheOrderItWasProduced(final RealKafka kafka) throws Exception
    {
        assertRoundTrip(kafka.bootstrapServers(), "round-trip");
    }

    @Test
    void shouldRunTheBrokerInAChildJvmSharedByTheWholeTestJvm(final RealKafka kafka)
    {
        assertThat(kafka.kind()).isEqualTo(Kind.PROCESS);
        assertThat(RealKafkaExtension.kafka()).isSameAs(kafka);
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        final long pid = ((ProcessKafka)kafka).pid();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).contains(pid);
    }

    @Test
    void shouldKeepTheBrokerJarsOffTheClassPathOfItsUsers()
    {
        assertThatThrownBy(() -> Class.forName("kafka.Kafka")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("scala.Option")).isInstanceOf(ClassNotFoundException.class);
        assertThat(System.getProperty("java.class.path").split(File.pathSeparator))
            .noneMatch(entry -> entry.contains("kafka_2.13") || entry.contains("kafka-server") ||
                entry.contains("scala-library") || entry.contains("log4j-core"));

        final List<String> brokerJars = KafkaRuntime.classPath().stream()
            .map(jar -> jar.getFileName().toString())
            .collect(Collectors.toList());
        final String version = KafkaRuntime.version();
        assertThat(brokerJars)
            .contains("kafka_2.13-" + version + ".jar", "kafka-clients-" + version + ".jar")
            .anyMatch(jar -> jar.startsWith("log4j-slf4j-impl-"))
            .anyMatch(jar -> jar.startsWith("slf4j-api-1.7."));
        assertThat(AppInfoParser.getVersion()).as("the clients here and the broker are one Kafka version")
            .isEqualTo(version);
    }

    @Test
    void shouldFailWithTheBrokerOutputAndLeaveNoProcessWhenTheBrokerCannotStart()
    {
        final Set<Long> childrenBefore = children();

        assertThatThrownBy(() -> ProcessKafka.start(Map.of("node.id", "not-a-number")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("StorageTool format exited")
            .hasMessageContaining("Invalid value not-a-number");
        assertThat(children()).isEqualTo(childrenBefore);
    }

    @Test
    void shouldReadBackEveryRecordThroughADockerBroker() throws Exception
    {
        final boolean docker = DockerKafka.isDockerAvailable();
        if (!docker)
        {
            System.out.println("RealKafkaTest: SKIPPED the Docker broker: Testcontainers finds no Docker engine here");
        }
        assumeTrue(docker, "Testcontainers finds no Docker engine");
        try (DockerKafka kafka = DockerKafka.start())
        {
            assertRoundTrip(kafka.bootstrapServers(), "docker-round-trip");
        }
    }

    private static void assertRoundTrip(final String bootstrapServers, final String topic) throws Exception
    {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers)))
        {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short)1))).all().get(30, TimeUnit.SECONDS);
        }

        final List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(), new StringSerializer()))
        {
            for (int i = 0; i < RECORDS; i++)
            {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
            }
            producer.flush();
        }
        for (int i = 0; i < RECORDS; i++)
        {
            assertThat(acks.get(i).get(10, TimeUnit.SECONDS).offset()).isEqualTo(i);
        }

        final List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, topic + "-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(), new StringDeserializer()))
        {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() ->
            {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= RECORDS;
            });
        }

        assertThat(received).extracting(ConsumerRecord::partition).containsOnly(0);
        assertThat(received).extracting(ConsumerRecord::offset).containsExactlyElementsOf(numbered(i -> (long)i));
        assertThat(received).extracting(ConsumerRecord::key).containsExactlyElementsOf(numbered(i -> "key-" + i));
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(numbered(i -> "value-" + i));
    }

    private static <T> List<T> numbered(final IntFunction<T> element)
    {
        return IntStream.range(0, RECORDS).mapToObj(element).collect(Collectors.toList());
    }

    private static Set<Long> children()
    {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
