package io.dafka.realkafka;

/**
 * A running Apache Kafka broker that Kafka clients reach at {@link #bootstrapServers()}.
 *
 * <pre>
 *   try (RealKafka kafka = RealKafka.start())
 *   {
 *       Map&lt;String, Object&gt; config = Map.of("bootstrap.servers", kafka.bootstrapServers());
 *       Producer&lt;String, String&gt; producer = new KafkaProducer&lt;&gt;(config, keySerializer, valueSerializer);
 *   }
 * </pre>
 *
 * Each user brings its own topic names and group ids: a broker may be shared by many tests.
 */
public interface RealKafka extends AutoCloseable
{
    /** Where a broker comes from. */
    enum Kind
    {
        /** Started by someone else; {@link RealKafka#close()} leaves it running. */
        EXTERNAL,
        /** A Testcontainers {@code KafkaContainer} ({@code apache/kafka} image). */
        DOCKER,
        /** A child JVM running {@code kafka.Kafka} from Maven Central jars ({@link ProcessKafka}). */
        PROCESS
    }

    /**
     * Starts (or connects to) a broker and returns once it answers a cluster description.
     * <ol>
     *   <li>{@code -Drealkafka.bootstrap=host:port} or env {@code REALKAFKA_BOOTSTRAP}: that broker
     *       ({@link Kind#EXTERNAL});</li>
     *   <li>else {@code -Drealkafka.mode=docker|process|auto} or env {@code REALKAFKA_MODE}, default {@code auto}:
     *       {@link Kind#DOCKER} when Testcontainers finds a Docker engine, else {@link Kind#PROCESS}.</li>
     * </ol>
     * The Docker image is {@code apache/kafka:<kafka.version>} unless {@code -Drealkafka.image} or env
     * {@code REALKAFKA_IMAGE} names another.
     *
     * @throws IllegalArgumentException if the mode is not one of the above
     * @throws IllegalStateException if the broker did not come up; the message carries its output when there is one
     */
    static RealKafka start()
    {
        final Settings settings = Settings.fromSystem();
        return switch (settings.kind(DockerKafka::isDockerAvailable))
        {
            case EXTERNAL -> ExternalKafka.connect(settings.bootstrap().orElseThrow());
            case DOCKER -> DockerKafka.start(settings.image(KafkaRuntime.version()));
            case PROCESS -> ProcessKafka.start();
        };
    }

    /** {@code host:port[,host:port...]} for the {@code bootstrap.servers} client setting. */
    String bootstrapServers();

    /** Where this broker comes from. */
    Kind kind();

    /** Stops the broker and removes its data, unless it is {@link Kind#EXTERNAL}. Idempotent. */
    @Override
    void close();
}
