package io.dafka.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.testing.Loopback;
import picocli.CommandLine;

/**
 * {@code ./dafka groups}: list, describe with lag, a reset planned, refused on a live group, then applied, and the
 * offsets deleted; the group's offsets are kept by the store.
 */
@Timeout(120)
class GroupsCommandTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldListDescribeResetAndDeleteTheOffsetsOfAGroup() throws Exception
    {
        try (TowerNode tower = Loopback.startTower();
             InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(Loopback.nodeConfig(tower), records))
        {
            final Map<String, Object> client = new HashMap<>();
            client.put("bootstrap.servers", "dafka://127.0.0.1");
            client.put("dafka.tower.sub.endpoints", tower.subEndpoint());
            client.put("dafka.tower.pub.endpoints", tower.pubEndpoint());
            final List<String> connection = List.of("--bootstrap-server", "dafka://127.0.0.1",
                "-X", "dafka.admin.listen.ms=1000",
                "-X", "dafka.tower.sub.endpoints=" + tower.subEndpoint(),
                "-X", "dafka.tower.pub.endpoints=" + tower.pubEndpoint());

            try (Producer<String, String> producer = KafkaClientFactory.producer(client, new StringSerializer(),
                new StringSerializer()))
            {
                int number = -1;
                for (int i = 0; i < 5; i++)
                {
                    number = producer.send(new ProducerRecord<>("orders", "k", "v" + i)).get().partition();
                }
                final TopicPartition partition = new TopicPartition("orders", number);
                try (Consumer<String, String> member = member(client))
                {
                    member.subscribe(List.of("orders"));
                    final List<ConsumerRecord<String, String>> polled = new ArrayList<>();
                    Awaitility.await().atMost(WAIT).until(() ->
                    {
                        member.poll(Duration.ofMillis(100)).forEach(polled::add);
                        return polled.size() == 5;
                    });
                    member.commitSync(Map.of(partition, new OffsetAndMetadata(3)));

                    assertThat(run(connection, "--list")).contains("billing");
                    Awaitility.await().atMost(WAIT).until(() -> run(connection, "--describe", "--group", "billing")
                        .stream().anyMatch(line -> line.matches("billing +orders +" + partition.partition() +
                            " +3 +5 +2 +\\S+ +\\S+.*")));
                    assertThat(run(connection, "--reset-offsets", "--group", "billing", "--topic", "orders",
                        "--to-earliest", "--execute")).as("refused while the member lives")
                        .doesNotContain("offsets reset");
                }
                final List<String> plan = run(connection, "--reset-offsets", "--group", "billing", "--topic",
                    "orders", "--to-offset", "1");
                assertThat(plan).anyMatch(line -> line.matches("billing +orders +" + partition.partition() + " +1"));
                assertThat(plan).contains("(dry run: add --execute to apply)");
                Awaitility.await().atMost(WAIT).until(() -> run(connection, "--reset-offsets", "--group", "billing",
                    "--topic", "orders", "--to-offset", "1", "--execute").contains("offsets reset"));
                assertThat(run(connection, "--describe", "--group", "billing"))
                    .contains("Consumer group 'billing' has no active members.")
                    .anyMatch(line -> line.matches("billing +orders +" + partition.partition() + " +1 +5 +4 +- +- +-"));

                assertThat(run(connection, "--delete-offsets", "--group", "billing", "--topic", "orders"))
                    .anyMatch(line -> line.matches("orders +" + partition.partition() + " +Successful"));
                assertThat(run(connection, "--describe", "--group", "billing")).as("no commit left to describe")
                    .noneMatch(line -> line.startsWith("billing "));
            }
        }
    }

    private static Consumer<String, String> member(final Map<String, Object> client)
    {
        final Map<String, Object> settings = new HashMap<>(client);
        settings.put("group.id", "billing");
        settings.put("auto.offset.reset", "earliest");
        settings.put("enable.auto.commit", false);
        settings.put("heartbeat.interval.ms", 300);
        settings.put("dafka.consumer.group.mode", "split");
        return KafkaClientFactory.consumer(settings, new StringDeserializer(), new StringDeserializer());
    }

    /** Runs {@code ./dafka groups} with these arguments; its standard output by line. */
    private static List<String> run(final List<String> connection, final String... args)
    {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(connection);
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try
        {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            new CommandLine(new GroupsCommand()).execute(all.toArray(String[]::new));
        }
        finally
        {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
