package io.dafka.realkafka;

import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft broker in a Testcontainers {@link KafkaContainer}, with the same single-node settings as
 * {@link ProcessKafka} (internal topics with replication factor 1, one partition per new topic).
 */
public final class DockerKafka implements RealKafka
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaContainer container;

    private DockerKafka(final KafkaContainer container)
    {
        this.container = container;
    }

    /** Whether Testcontainers finds a Docker engine (the first call probes it, about 0.5 s; later ones are cached). */
    public static boolean isDockerAvailable()
    {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** Starts the configured image ({@code realkafka.image}), by default {@code apache/kafka:<kafka.version>}. */
    public static DockerKafka start()
    {
        return start(Settings.fromSystem().image(KafkaRuntime.version()));
    }

    /**
     * Starts {@code image} (an {@code apache/kafka} or {@code apache/kafka-native} image, or a mirror of one) and
     * returns once it describes its cluster.
     *
     * @throws IllegalStateException if Docker is unavailable or the broker did not come up
     */
    public static DockerKafka start(final String image)
    {
        final KafkaContainer container =
            new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                .withEnv("KAFKA_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        try
        {
            container.start();
            Readiness.awaitCluster(container.getBootstrapServers(), Readiness.deadline(READY_TIMEOUT), () ->
            {
            }, () -> "");
            return new DockerKafka(container);
        }
        catch (final RuntimeException e)
        {
            container.stop();
            throw new IllegalStateException("Kafka container " + image + " did not start", e);
        }
    }

    @Override
    public String bootstrapServers()
    {
        return container.getBootstrapServers();
    }

    @Override
    public Kind kind()
    {
        return Kind.DOCKER;
    }

    /** Stops and removes the container. */
    @Override
    public void close()
    {
        container.stop();
    }

    @Override
    public String toString()
    {
        return "DockerKafka[" + container.getDockerImageName() + "]";
    }
}
