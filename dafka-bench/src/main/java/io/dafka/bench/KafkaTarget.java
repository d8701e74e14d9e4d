package io.dafka.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.dafka.kafka.KafkaClientFactory;
import io.dafka.realkafka.RealKafka;

/**
 * One row of Kafka on a shared broker ({@link RealKafka}): its producers' settings (always {@code acks=all}) and,
 * for {@link #durable}, topics created with {@code flush.messages=1}, the per-topic form of the broker's
 * {@code log.flush.interval.messages=1}: the broker fsyncs its log after every append before it answers. The
 * broker is the run's; closing a row is not needed.
 */
final class KafkaTarget implements BenchTarget
{
    /** Kafka clients 4.x defaults, printed in the legend. */
    static final int DEFAULT_BATCH_SIZE = 16_384;
    static final int DEFAULT_LINGER_MS = 5;
    /** The tuned rows: 1 MiB batches and a 10 ms linger, a common throughput tune of Kafka's producer. */
    static final int TUNED_BATCH_SIZE = 1 << 20;
    static final int TUNED_LINGER_MS = 10;

    static final String DEFAULTS_DESCRIPTION = String.format("acks=all, client defaults (batch.size=%d, "
        + "linger.ms=%d); one broker, replication 1; an ACK means the broker appended the record to its log (OS page "
        + "cache, not fsynced)", DEFAULT_BATCH_SIZE, DEFAULT_LINGER_MS);
    static final String TUNED_DESCRIPTION = String.format("acks=all, batch.size=%d, linger.ms=%d; durability as "
        + "Kafka default", TUNED_BATCH_SIZE, TUNED_LINGER_MS);
    static final String DURABLE_DESCRIPTION = "as Kafka tuned, with topics created with flush.messages=1 (the "
        + "per-topic form of log.flush.interval.messages=1): an ACK means the broker fsynced its log";

    private static final long ADMIN_TIMEOUT_S = 60;

    private final RealKafka broker;
    private final String name;
    private final Map<String, Object> producerSettings;
    private final Map<String, String> topicConfig;

    private KafkaTarget(final RealKafka broker, final String name, final Map<String, Object> producerSettings,
                        final Map<String, String> topicConfig)
    {
        this.broker = broker;
        this.name = name;
        this.producerSettings = producerSettings;
        this.topicConfig = topicConfig;
    }

    /** Kafka's client defaults with {@code acks=all}. */
    static KafkaTarget defaults(final RealKafka broker)
    {
        return new KafkaTarget(broker, "Kafka default", Map.of("acks", "all"), Map.of());
    }

    /** Tuned for throughput: big batches and a linger. */
    static KafkaTarget tuned(final RealKafka broker)
    {
        return new KafkaTarget(broker, "Kafka tuned", tunedSettings(), Map.of());
    }

    /** Tuned, and every append fsynced before the broker answers. */
    static KafkaTarget durable(final RealKafka broker)
    {
        return new KafkaTarget(broker, "Kafka durable", tunedSettings(), Map.of("flush.messages", "1"));
    }

    private static Map<String, Object> tunedSettings()
    {
        return Map.of("acks", "all", "batch.size", TUNED_BATCH_SIZE, "linger.ms", TUNED_LINGER_MS);
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public Map<String, Object> clientConfig()
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(KafkaClientFactory.TRANSPORT_CONFIG, "kafka");
        settings.put("bootstrap.servers", broker.bootstrapServers());
        return settings;
    }

    @Override
    public Map<String, Object> producerConfig()
    {
        return producerSettings;
    }

    @Override
    public void prepareTopic(final String topic)
    {
        if (topicConfig.isEmpty())
        {
            return; // the first producer's metadata request creates it
        }
        create(new NewTopic(topic, 1, (short)1).configs(topicConfig));
    }

    @Override
    public void preparePartitions(final String topic, final int partitions)
    {
        create(new NewTopic(topic, partitions, (short)1).configs(topicConfig));
    }

    private void create(final NewTopic topic)
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())))
        {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
        }
        catch (final ExecutionException | TimeoutException e)
        {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString()
    {
        return name + " on " + broker;
    }
}
