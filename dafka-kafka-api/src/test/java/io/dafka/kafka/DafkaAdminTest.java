package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DeleteTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.dafka.kafka.admin.internals.UnsupportedAdmin;

/** The Dafka {@link Admin}'s own behaviour, where it differs from Kafka's or has no broker equivalent. */
@Timeout(120)
class DafkaAdminTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmbeddedDafka dafka = new EmbeddedDafka();

    @Test
    void shouldFailAnUnsupportedOperationForEachItemItNames() throws Exception
    {
        try (Admin admin = admin(Map.of()))
        {
            final DeleteTopicsResult deleted = admin.deleteTopics(List.of("a", "b"));
            assertThat(deleted.topicNameValues()).containsOnlyKeys("a", "b");
            for (final KafkaFuture<Void> future : deleted.topicNameValues().values())
            {
                assertUnsupported(future);
            }
            assertUnsupported(deleted.all());

            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "a");
            final DescribeConfigsResult configs = admin.describeConfigs(List.of(resource));
            assertThat(configs.values()).containsOnlyKeys(resource);
            assertUnsupported(configs.values().get(resource));

            final TopicPartition partition = new TopicPartition("a", 0);
            assertUnsupported(admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(1)))
                .lowWatermarks().get(partition));
            assertUnsupported(admin.deleteConsumerGroups(List.of("g")).deletedGroups().get("g"));
            assertUnsupported(admin.describeTransactions(List.of("t")).description("t"));
            assertUnsupported(admin.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values());
            assertUnsupported(admin.deleteTopics(TopicCollection.ofTopicIds(List.of(
                org.apache.kafka.common.Uuid.randomUuid()))).all());
        }
    }

    /**
     * Every operation the Dafka Admin leaves unsupported, called with empty arguments: it returns a result (no
     * exception escapes) and every future of it is complete at once, and those for the call or an item failed.
     */
    @Test
    void shouldCompleteEveryFutureOfEveryUnsupportedOperationAtOnce() throws Exception
    {
        int checked = 0;
        try (Admin admin = admin(Map.of()))
        {
            for (final Method method : UnsupportedAdmin.class.getDeclaredMethods())
            {
                if (!Modifier.isPublic(method.getModifiers()) || !method.getReturnType().getSimpleName()
                    .endsWith("Result") || overridden(method))
                {
                    continue;
                }
                final Object result = method.invoke(admin, emptyArguments(method));
                assertThat(result).as(method.getName()).isNotNull();
                for (final KafkaFuture<?> future : futuresOf(result))
                {
                    assertThat(future.isDone()).as(method.getName() + " future done").isTrue();
                }
                checked++;
            }
        }
        assertThat(checked).as("unsupported operations checked").isGreaterThan(40);
    }

    @Test
    void shouldFailAtConstructionNamingAnInvalidKey()
    {
        assertThatThrownBy(() -> admin(Map.of("dafka.admin.listen.ms", -1)).close())
            .isInstanceOf(ConfigException.class).hasMessageContaining("dafka.admin.listen.ms");
        final Map<String, Object> noBootstrap = new HashMap<>(dafka.clientConfig());
        noBootstrap.remove("bootstrap.servers");
        noBootstrap.put(KafkaClientFactory.TRANSPORT_CONFIG, "dafka");
        assertThatThrownBy(() -> KafkaClientFactory.admin(noBootstrap).close())
            .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldDescribeTheClusterAsItsTowersAndTheStoresHeard() throws Exception
    {
        try (Admin admin = admin(Map.of()))
        {
            final List<Node> nodes = new ArrayList<>(admin.describeCluster().nodes().get());
            assertThat(nodes).hasSize(2);
            assertThat(nodes.get(0).id()).isZero();
            assertThat(nodes.get(0).host()).isEqualTo("127.0.0.1");
            assertThat(nodes.get(1).id()).as("the store").isEqualTo(1000);
            assertThat(admin.describeCluster().clusterId().get()).isEqualTo("dafka");
            assertThat(admin.describeCluster().controller().get().isEmpty()).isTrue();
        }
    }

    @Test
    void shouldListATopicAndItsOffsetsFromTheStoreAfterItsProducerIsGone() throws Exception
    {
        final String topic = KafkaContractTest.topic();
        final int number;
        try (Producer<String, String> producer = producer())
        {
            for (int i = 0; i < 3; i++)
            {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get();
            }
            number = producer.partitionsFor(topic).get(0).partition();
        }
        final TopicPartition partition = new TopicPartition(topic, number);
        try (Admin admin = admin(Map.of()))
        {
            Awaitility.await().atMost(WAIT).until(() -> admin.listTopics().names().get().contains(topic));
            assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get()
                .offset()).isEqualTo(3);
            assertUnsupported(admin.listOffsets(Map.of(partition, OffsetSpec.maxTimestamp()))
                .partitionResult(partition));
        }
    }

    @Test
    void shouldDescribeAGroupWhoseOnlyMemberLeftAsEmpty() throws Exception
    {
        final String topic = KafkaContractTest.topic();
        final String group = "admin-left-" + UUID.randomUUID();
        try (Producer<String, String> producer = producer();
             Admin admin = admin(Map.of()))
        {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            try (Consumer<String, String> member = member(group))
            {
                member.subscribe(List.of(topic));
                Awaitility.await().atMost(WAIT).until(() ->
                {
                    member.poll(Duration.ofMillis(100));
                    return !member.assignment().isEmpty();
                });
                Awaitility.await().atMost(WAIT).until(() -> state(admin, group) == GroupState.STABLE);
            }
            Awaitility.await().atMost(WAIT).until(() -> state(admin, group) == GroupState.EMPTY);
            final ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                .get(group);
            assertThat(description.members()).isEmpty();
            assertThat(admin.describeConsumerGroups(List.of("never-" + group)).all().get().get("never-" + group)
                .groupState()).as("a group never heard of").isEqualTo(GroupState.DEAD);
        }
    }

    private static GroupState state(final Admin admin, final String group) throws Exception
    {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState();
    }

    private static void assertUnsupported(final KafkaFuture<?> future)
    {
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(UnsupportedVersionException.class).hasMessageContaining("Dafka");
    }

    private static boolean overridden(final Method method)
    {
        try
        {
            return DafkaAdmin.class.getDeclaredMethod(method.getName(), method.getParameterTypes()) != null;
        }
        catch (final NoSuchMethodException e)
        {
            return false;
        }
    }

    private static Object[] emptyArguments(final Method method)
    {
        final Class<?>[] types = method.getParameterTypes();
        final Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++)
        {
            final Class<?> type = types[i];
            args[i] = type == int.class ? 1 : type == byte[].class ? new byte[0] : type == String.class ? "x" :
                type == Optional.class ? Optional.empty() : Collection.class.isAssignableFrom(type) ?
                (type == java.util.Set.class ? java.util.Set.of() : List.of()) : type == Map.class ? Map.of() :
                type == TopicCollection.class ? TopicCollection.ofTopicNames(List.of()) : null;
        }
        return args;
    }

    /** The futures a result exposes through its public no-argument methods, directly or in a map. */
    private static List<KafkaFuture<?>> futuresOf(final Object result) throws Exception
    {
        final List<KafkaFuture<?>> futures = new ArrayList<>();
        for (final Method getter : result.getClass().getMethods())
        {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class)
            {
                continue;
            }
            final Object value = getter.invoke(result);
            if (value instanceof KafkaFuture<?> future)
            {
                futures.add(future);
            }
            else if (value instanceof Map<?, ?> map)
            {
                map.values().stream().filter(KafkaFuture.class::isInstance).forEach(f -> futures.add(
                    (KafkaFuture<?>)f));
            }
        }
        return futures;
    }

    private static Admin admin(final Map<String, Object> overrides)
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put("dafka.admin.listen.ms", 1000);
        settings.putAll(overrides);
        return KafkaClientFactory.admin(settings);
    }

    private static Producer<String, String> producer()
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return KafkaClientFactory.producer(settings);
    }

    private static Consumer<String, String> member(final String group)
    {
        final Map<String, Object> settings = new HashMap<>(dafka.clientConfig());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        settings.put("dafka.consumer.group.mode", "split");
        return KafkaClientFactory.consumer(settings);
    }
}
