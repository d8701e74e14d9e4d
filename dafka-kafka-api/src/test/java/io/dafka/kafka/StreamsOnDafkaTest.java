package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.kafka.streams.DafkaClientSupplier;

/** Kafka Streams through {@link DafkaClientSupplier}: what runs, and what fails at start with its reason. */
@Timeout(180)
class StreamsOnDafkaTest
{
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final EmbeddedDafka dafka = new EmbeddedDafka();

    @TempDir
    static Path dir;

    @Test
    void shouldRunAStatelessTopologyOnTwoInstancesWritingEveryRecordOnce() throws Exception
    {
        final String input = "streams-in-" + UUID.randomUUID().toString().substring(0, 8);
        final String output = "streams-out-" + UUID.randomUUID().toString().substring(0, 8);
        final String application = "app-" + UUID.randomUUID().toString().substring(0, 8);
        final StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream(input).mapValues(value -> value.toUpperCase()).filter((key, value) ->
            !value.endsWith("7")).to(output);
        final Topology topology = builder.build();
        final List<String> expected = new ArrayList<>();
        try (Producer<String, String> first = producer();
             Producer<String, String> second = producer())
        {
            for (int i = 0; i < 20; i++)
            {
                first.send(new ProducerRecord<>(input, "a", "a" + i)).get();
                second.send(new ProducerRecord<>(input, "b", "b" + i)).get();
                if (i % 10 != 7)
                {
                    expected.add(("a" + i).toUpperCase());
                    expected.add(("b" + i).toUpperCase());
                }
            }
            try (KafkaStreams one = streams(topology, application, "one");
                 KafkaStreams two = streams(topology, application, "two");
                 Consumer<String, String> reader = reader())
            {
                one.start();
                two.start();
                reader.subscribe(List.of(output));
                final List<String> received = new ArrayList<>();
                Awaitility.await().atMost(WAIT).until(() ->
                {
                    reader.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));
                    return received.size() >= expected.size();
                });
                for (int i = 0; i < 10; i++)
                {
                    reader.poll(Duration.ofMillis(100)).forEach(record -> received.add(record.value()));
                }
                assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(one.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(two.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(activeTasks(one)).as("instance one shares the work").isPositive();
                assertThat(activeTasks(two)).as("instance two shares the work").isPositive();
            }
        }
    }

    @Test
    void shouldFailAtStartATopologyThatNeedsARepartitionTopic() throws Exception
    {
        final String input = "streams-in-" + UUID.randomUUID().toString().substring(0, 8);
        final StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream(input).selectKey((key, value) -> value).groupByKey().count().toStream()
            .to("streams-counts");
        try (Producer<String, String> producer = producer())
        {
            producer.send(new ProducerRecord<>(input, "k", "v")).get();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            try (KafkaStreams streams = streams(builder.build(), "app-" + UUID.randomUUID(), "one"))
            {
                streams.setUncaughtExceptionHandler(error ->
                {
                    failure.set(error);
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                });
                streams.start();
                Awaitility.await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.ERROR);
                assertThat(chain(failure.get())).contains("cannot create its internal topics")
                    .contains("repartition");
            }
        }
    }

    @Test
    void shouldRefuseExactlyOnceNamingTheSetting()
    {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream("anything").to("elsewhere");
        final Properties settings = settings("app-" + UUID.randomUUID(), "one");
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        assertThatThrownBy(() ->
        {
            try (KafkaStreams streams = new KafkaStreams(builder.build(), settings,
                new DafkaClientSupplier(supplierSettings())))
            {
                streams.start();
            }
        }).satisfies(error -> assertThat(chain(error)).contains("exactly-once").contains("transactions"));
    }

    private static long activeTasks(final KafkaStreams streams)
    {
        return streams.metadataForLocalThreads().stream().mapToLong(thread -> thread.activeTasks().size()).sum();
    }

    private static String chain(final Throwable error)
    {
        final StringBuilder messages = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause())
        {
            messages.append(cause).append('\n');
        }
        return messages.toString();
    }

    private static KafkaStreams streams(final Topology topology, final String application, final String instance)
    {
        return new KafkaStreams(topology, settings(application, instance),
            new DafkaClientSupplier(supplierSettings()));
    }

    private static Properties settings(final String application, final String instance)
    {
        final Properties settings = new Properties();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, dafka.clientConfig().get("bootstrap.servers"));
        settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(application + "-" + instance).toString());
        settings.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        settings.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 300);
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        return settings;
    }

    /** The Dafka settings every client of the application gets. */
    private static Map<String, Object> supplierSettings()
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put("dafka.admin.listen.ms", 1000);
        settings.put("dafka.consumer.group.mode", "split");
        return settings;
    }

    private static Producer<String, String> producer()
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return KafkaClientFactory.producer(settings);
    }

    private static Consumer<String, String> reader()
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return KafkaClientFactory.consumer(settings);
    }
}
