package io.dafka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.kafka.KafkaClientFactory;
import io.dafka.transport.CurveKeyPair;

/**
 * A tiny run of every workload against every system: checks counts and the outputs, never speed. To keep the
 * build short it runs 100-byte values only and no scaling rows (the same trials with more producers, topics or
 * stores); {@code ./dafka bench --quick --only scaling} runs those. Once the workloads ran, it checks that the
 * Dafka with CURVE on that carried their records turns away clients without an allowed key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchSmokeTest
{
    /** How long a refused client waits for a tower's welcome: a refusal never ends, so this only bounds the test. */
    private static final long REFUSAL_WAIT_MS = 3_000;
    /** How long the allowed client may wait for it (a busy machine). */
    private static final long WELCOME_WAIT_MS = 30_000;

    private static final Scale TINY = new Scale(0, 1, List.of(100), 2_000, 500, 1_000, Duration.ofMillis(200),
        Duration.ofMillis(500), 20, 2_000, 20, List.of(), List.of());

    /** Progress goes to the test's output: a trial that fails under load says why in the surefire report. */
    private final Results results = new Results(System.out);
    private Map<String, Object> securedConfig;
    private List<PartitionInfo> allowedClientPartitions;
    private Throwable strangerRefused;
    private Throwable plainRefused;

    @BeforeAll
    void runEveryWorkloadOnce()
    {
        BenchRun.run(TINY, BenchRun.WORKLOADS, results, this::probeCurve);
    }

    /**
     * Against Dafka with CURVE on, after the workloads: a client with the bench's allowed key reaches the mesh; one
     * with a key of its own (not on the allow-list), and one without CURVE, get no answer from its tower.
     */
    private void probeCurve(final Contenders contenders)
    {
        final DafkaTarget curve = contenders.curve();
        securedConfig = curve.clientConfig();
        final String topic = results.newTopic("curve probe");
        allowedClientPartitions = partitionsFor(securedConfig, topic, WELCOME_WAIT_MS);
        final Path strangerKey = strangerKeyFile();
        try
        {
            final Map<String, Object> stranger = new HashMap<>(securedConfig);
            stranger.put("dafka.security.key.file", strangerKey.toString());
            strangerRefused = catchThrowable(() -> partitionsFor(stranger, topic, REFUSAL_WAIT_MS));
        }
        finally
        {
            strangerKey.toFile().delete();
            strangerKey.getParent().toFile().delete();
        }
        final Map<String, Object> plain = new HashMap<>(securedConfig);
        plain.put("dafka.security.enabled", false);
        plainRefused = catchThrowable(() -> partitionsFor(plain, topic, REFUSAL_WAIT_MS));
    }

    /** Starts a producer (waiting at most {@code waitMs} for a tower's welcome) and asks for a topic's partitions. */
    private static List<PartitionInfo> partitionsFor(final Map<String, Object> clientConfig, final String topic,
                                                     final long waitMs)
    {
        final Map<String, Object> config = new HashMap<>(clientConfig);
        config.put("max.block.ms", waitMs);
        try (Producer<byte[], byte[]> producer = KafkaClientFactory.producer(config, new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            return producer.partitionsFor(topic);
        }
    }

    /** A new key pair of nobody's, made by the project's key generator. */
    private static Path strangerKeyFile()
    {
        try
        {
            final Path file = Files.createTempDirectory("bench-stranger-").resolve("stranger.key");
            CurveKeyPair.generate().write(file);
            return file;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldReceiveEveryRecordExactlyOnceInEveryTrial()
    {
        assertThat(results.trials()).isNotEmpty().allSatisfy(trial ->
        {
            assertThat(trial.outcome().errors()).as("send errors of %s", trial).isZero();
            assertThat(trial.outcome().duplicates()).as("duplicates of %s", trial).isZero();
            assertThat(trial.outcome().received()).as("distinct records of %s", trial)
                .isEqualTo(trial.outcome().expected()).isPositive();
        });
    }

    @Test
    void shouldRunEveryComparisonOnBothSystems()
    {
        final List<String> labels = results.trials().stream().map(trial -> trial.label() + "/" + trial.target())
            .distinct().toList();

        assertThat(labels).contains("throughput 100 B/Kafka default", "throughput 100 B/Kafka tuned",
            "throughput 100 B/Kafka durable", "throughput 100 B/Dafka", "throughput 100 B/Dafka CURVE",
            "throughput 100 B/JeroMQ reference", "latency 1,000 rec/s/Kafka default", "latency 1,000 rec/s/Dafka",
            "latency 1,000 rec/s/Dafka CURVE",
            "first record group/Kafka default", "first record group/Dafka", "first record no group/Kafka default",
            "first record no group/Dafka", "catch-up/Kafka default", "catch-up/Dafka",
            "ack latency 1,000 rec/s/Dafka acks=1", "ack latency 1,000 rec/s/Dafka acks=all, 2 stores",
            "commit/Kafka default", "commit/Dafka", "groups/Kafka default", "groups/Kafka tuned", "groups/Dafka");
    }

    @Test
    void shouldMoveRecordsOverCurveWhileTheSecuredMeshRefusesClientsWithoutAnAllowedKey()
    {
        assertThat(results.trials()).filteredOn(trial -> trial.target().equals("Dafka CURVE")).hasSize(2)
            .allSatisfy(trial -> assertThat(trial.outcome().received()).as("records of %s", trial)
                .isEqualTo(trial.outcome().expected()).isPositive());
        assertThat(securedConfig).containsEntry("dafka.security.enabled", true)
            .containsKeys("dafka.security.key.file", "dafka.security.server.key.file", "dafka.security.allow.list");
        assertThat(allowedClientPartitions).as("partitions for the allowed client").hasSize(1);
        assertThat(strangerRefused).as("a client whose key is not on the allow-list")
            .isInstanceOf(TimeoutException.class).hasMessageContaining("No Dafka tower answered")
            .hasMessageContaining("allow-list");
        assertThat(plainRefused).as("a client without CURVE")
            .isInstanceOf(TimeoutException.class).hasMessageContaining("No Dafka tower answered");
    }

    @Test
    void shouldSetDafkaWithCurveAgainstPlainDafkaInThroughputAndLatencyRows()
    {
        assertThat(results.rows()).filteredOn(row -> row.candidateName().equals("Dafka CURVE"))
            .allSatisfy(row -> assertThat(row.baselineName()).isEqualTo("Dafka"))
            .extracting(row -> row.workload() + ": " + row.figure())
            .containsExactly("throughput: producer, 100 B", "throughput: delivered, 100 B",
                "throughput: delivered and acked, 100 B", "latency at 1,000 rec/s, 100 B: p50",
                "latency at 1,000 rec/s, 100 B: p99");
        assertThat(Usage.table(results.usage())).contains("Dafka CURVE tower", "Dafka CURVE store 1");
    }

    @Test
    void shouldTimeEveryGroupStepFromItsStartToItsEnd()
    {
        assertThat(results.trials()).filteredOn(trial -> trial.label().equals("groups")).hasSize(3)
            .allSatisfy(trial ->
            {
                final Outcome outcome = trial.outcome();
                assertThat(outcome.figure("first")).as("first member of %s", trial).isPositive();
                assertThat(outcome.figure("join")).as("join of %s", trial).isPositive();
                assertThat(outcome.figure("leave")).as("leave of %s", trial).isPositive();
                assertThat(outcome.figure("p50")).as("commitSync p50 of %s", trial).isPositive()
                    .isLessThanOrEqualTo(outcome.figure("p99"));
            });
    }

    @Test
    void shouldWriteTheTableWithEveryFigureAndTheChart(@TempDir final Path directory) throws Exception
    {
        final Path png = directory.resolve("results.png");

        ResultsChart.write(results, "smoke", png);

        assertThat(results.markdown()).contains("median of per-round ratios", "producer, 100 B",
            "delivered, 100 B", "delivered and acked, 100 B", "Kafka tuned: ", "Kafka durable: ", "p99.9", "max",
            "Kafka with group.id", "Kafka without group.id", "new consumer reads all", "JeroMQ reference: ",
            "Dafka ACK latency",
            "acks=all, 2 stores: ", "commitSync x 20, one thread", "commitSync x 20, each of 4 threads", "commits/s",
            "groups: first member", "groups: join", "groups: leave", "groups: commitSync of 4 partitions x 20")
            .doesNotContain("NaN");
        assertThat(Usage.table(results.usage())).contains("bench JVM", "Dafka tower", "Dafka store 1");
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    }
}
