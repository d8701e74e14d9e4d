package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dafka.testing.ChildJvm;
import io.dafka.testing.WithLoopbackTower;

/**
 * Kafka clients in a process that runs out of file descriptors fail with a Kafka exception that names the resource
 * and the limit to raise, never with a raw JeroMQ or NIO exception or a misleading timeout.
 */
class ResourceExhaustionTest extends WithLoopbackTower
{
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path offsets;

    @ParameterizedTest
    @ValueSource(strings = {"producer", "consumer"})
    void shouldFailWithAKafkaExceptionNamingTheFileDescriptorLimitWhenAProcessRunsOutOfThem(final String kind)
        throws Exception
    {
        try (ChildJvm child = ChildJvm.startWithFileLimit(300, ManyClientsProcess.class, tower.subEndpoint(),
            tower.pubEndpoint(), kind, "200", offsets.toString()))
        {
            final String outcome = child.awaitLine("FAILED", WAIT);
            assertThat(outcome).as("the first client that could not open")
                .startsWith("FAILED ").contains(" org.apache.kafka.common.KafkaException ")
                .contains("out of file descriptors").contains("ulimit -n");
            assertThat(Integer.parseInt(outcome.split(" ")[1])).as("clients opened before").isPositive();
            assertThat(child.awaitLine("CLOSED", WAIT)).isEqualTo("CLOSED");
        }
    }
}
