package io.dafka.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.time.Duration;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.config.DafkaConfig;
import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;

/** The Kafka quick start of README.md is this code, and it runs. */
@Timeout(120)
class ReadmeQuickStartTest
{
    private static final String START = "// README quick start " + "begins"; // split: not a marker itself
    private static final String END = "// README quick start " + "ends";

    @Test
    void shouldShowInTheReadmeExactlyTheQuickStartThatCompilesHere() throws IOException
    {
        final String source = Files.readString(Path.of("src/test/java/io/dafka/examples/ReadmeQuickStartTest.java"));
        final String readme = Files.readString(Path.of("../README.md"));
        final List<String> snippet = source.substring(source.indexOf(START) + START.length(), source.indexOf(END))
            .lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        final List<String> shown = readme.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        assertThat(snippet).isNotEmpty();
        assertThat(String.join("\n", shown)).contains(String.join("\n", snippet));
    }

    @Test
    void shouldDeliverTheQuickStartGreetingThroughATowerAndAStore() throws Exception
    {
        final int port = twoFreePorts();
        try (TowerNode tower = TowerNode.start(DafkaConfig.of(Map.of(
                 "tower.sub_address", "tcp://127.0.0.1:" + port, "tower.pub_address", "tcp://127.0.0.1:" + (port + 1))));
             InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(DafkaConfig.of(Map.of("beacon.address", "127.0.0.1",
                 "beacon.sub_address", tower.subEndpoint(), "beacon.pub_address", tower.pubEndpoint())), records))
        {
            assertThat(quickStart("dafka://127.0.0.1:" + port)).containsExactly("hello");
        }
    }

    private List<String> quickStart(final String towers) throws Exception
    {
        final List<String> received = new ArrayList<>();
        // README quick start begins
        Properties props = new Properties();
        props.put("bootstrap.servers", towers);              // e.g. dafka://127.0.0.1:5556, or a Kafka broker
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (Producer<String, String> producer = KafkaClientFactory.producer(props))
        {
            producer.send(new ProducerRecord<>("greetings", "alice", "hello")).get();   // stored once this returns
        }

        props.put("group.id", "readers");
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (Consumer<String, String> consumer = KafkaClientFactory.consumer(props))
        {
            consumer.subscribe(List.of("greetings"));
            while (received.isEmpty())
            {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100)))
                {
                    received.add(record.value());                 // "hello", offset 0
                }
            }
            consumer.commitSync();                               // kept by the stores: any host resumes there
        }
        // README quick start ends
        return received;
    }

    /** A port p on 127.0.0.1 such that p and p + 1 are free: a tower's XSUB and XPUB, as bootstrap.servers implies. */
    private static int twoFreePorts() throws IOException
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
            {
                final int port = first.getLocalPort();
                if (port < 65535)
                {
                    try (ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress()))
                    {
                        return port;
                    }
                    catch (final IOException taken)
                    {
                        // try another pair
                    }
                }
            }
        }
        throw new IOException("no two consecutive free ports on 127.0.0.1");
    }
}
