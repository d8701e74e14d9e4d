package io.dafka.kafka.streams;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.errors.StreamsException;

import io.dafka.config.DafkaConfig;
import io.dafka.kafka.DafkaAdmin;
import io.dafka.kafka.DafkaConsumer;
import io.dafka.kafka.DafkaProducer;

/**
 * Kafka Streams on Dafka: give it to {@code new KafkaStreams(topology, props, new DafkaClientSupplier(dafka))}.
 * Use one supplier per {@code KafkaStreams}. Every client Streams asks for is a Dafka client, with the given
 * {@code dafka.*} settings added to Streams' own;
 * the main consumers are members of the application's consumer group that split the partitions
 * ({@code dafka.consumer.group.mode=split}), so that instances share the work as on Kafka.
 *
 * <p>What Dafka cannot give fails at start, with the reason (docs/kafka-compatibility.md#kafka-streams):
 * exactly-once needs transactions, refused when Streams builds its producer; internal topics (repartition topics,
 * which rely on records being routed to partitions by key, and changelog topics) cannot be made, refused when
 * Streams asks the Admin to create them, which puts the application in {@code ERROR}.
 */
public final class DafkaClientSupplier implements KafkaClientSupplier
{
    private final Map<String, Object> dafkaSettings;
    /** The admin and consumers given so far, closed if the application is refused (Streams does not close them). */
    private final List<AutoCloseable> given = new ArrayList<>();

    /** @param dafkaSettings settings added to every client's ({@code dafka.*} keys, or overrides) */
    public DafkaClientSupplier(final Map<String, ?> dafkaSettings)
    {
        this.dafkaSettings = Map.copyOf(dafkaSettings);
    }

    @Override
    public Admin getAdmin(final Map<String, Object> config)
    {
        return give(withoutInternalTopics(new DafkaAdmin(with(config))));
    }

    @Override
    public Producer<byte[], byte[]> getProducer(final Map<String, Object> config)
    {
        final Object transactionalId = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        if (transactionalId != null)
        {
            closeGiven();
            throw new ConfigException("processing.guarantee", "exactly_once_v2", "Kafka Streams' exactly-once " +
                "needs Kafka transactions, which Dafka does not support: use processing.guarantee=at_least_once");
        }
        return new DafkaProducer<>(with(config), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(final Map<String, Object> config)
    {
        final Map<String, Object> grouped = with(config);
        grouped.putIfAbsent(DafkaConfig.CLIENT_GROUP_MODE.name(), "split");
        return give(pausingOnlyAssigned(new DafkaConsumer<>(grouped, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())));
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(final Map<String, Object> config)
    {
        return give(new DafkaConsumer<>(with(config), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(final Map<String, Object> config)
    {
        return give(new DafkaConsumer<>(with(config), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    private synchronized <C extends AutoCloseable> C give(final C client)
    {
        given.add(client);
        return client;
    }

    /** Streams' constructor leaves the clients it already made open when a later one fails: close them. */
    private synchronized void closeGiven()
    {
        given.forEach(client -> Utils.closeQuietly(client, "client of a refused Streams application"));
        given.clear();
    }

    private Map<String, Object> with(final Map<String, Object> config)
    {
        final Map<String, Object> settings = new HashMap<>(config);
        settings.putAll(dafkaSettings);
        return settings;
    }

    /**
     * The main consumer Streams gets: Dafka's, except that {@code pause} and {@code resume} leave out partitions not
     * assigned yet. Streams pauses a new task's partitions from its assignor's {@code onAssignment}, which Dafka calls
     * once the generation settled, as Kafka does once it assigned them; but a member starts a partition it was given
     * only once it has seen that partition, which can come later. (Streams resumes them when the task is restored,
     * at once for a stateless task.)
     */
    private static Consumer<byte[], byte[]> pausingOnlyAssigned(final Consumer<byte[], byte[]> consumer)
    {
        @SuppressWarnings("unchecked")
        final Consumer<byte[], byte[]> proxy = (Consumer<byte[], byte[]>)Proxy.newProxyInstance(
            Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (self, method, args) ->
            {
                if ("pause".equals(method.getName()) || "resume".equals(method.getName()))
                {
                    final Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
                    assigned.retainAll((Collection<?>)args[0]);
                    args[0] = assigned;
                }
                try
                {
                    return method.invoke(consumer, args);
                }
                catch (final InvocationTargetException e)
                {
                    throw e.getCause();
                }
            });
        return proxy;
    }

    /**
     * The Admin Streams gets: Dafka's, except that creating a topic, which Streams does only for its internal
     * topics, fails with the reason Dafka cannot give them.
     */
    private static Admin withoutInternalTopics(final Admin admin)
    {
        return (Admin)Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
            (proxy, method, args) ->
            {
                if ("createTopics".equals(method.getName()))
                {
                    throw internalTopicsRefused(args[0]);
                }
                try
                {
                    return method.invoke(admin, args);
                }
                catch (final InvocationTargetException e)
                {
                    throw e.getCause();
                }
            });
    }

    private static StreamsException internalTopicsRefused(final Object topics)
    {
        final StringBuilder names = new StringBuilder();
        ((Collection<?>)topics).forEach(topic -> names.append(names.length() == 0 ? "" : ", ")
            .append(((NewTopic)topic).name()));
        return new StreamsException("Kafka Streams on Dafka cannot create its internal topics (" + names + "): " +
            "Dafka has one partition per producer and does not route records to partitions by key, so a " +
            "repartition topic cannot co-partition by key, and it has no compacted changelog topics. Use a " +
            "stateless topology without key-changing operations before grouping or joining " +
            "(docs/kafka-compatibility.md#kafka-streams)");
    }
}
