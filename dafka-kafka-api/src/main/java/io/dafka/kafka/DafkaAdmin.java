package io.dafka.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupsResult;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListGroupsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

import io.dafka.DafkaException;
import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.kafka.admin.internals.AdminCalls;
import io.dafka.kafka.admin.internals.AdminNode;
import io.dafka.kafka.admin.internals.ClusterQueries;
import io.dafka.kafka.admin.internals.GroupQueries;
import io.dafka.kafka.admin.internals.TopicQueries;
import io.dafka.kafka.admin.internals.UnsupportedAdmin;

/**
 * Kafka's {@link Admin} on Dafka, for the operations that have a meaning without brokers (docs/admin.md): topics,
 * partitions and offsets as the mesh announces them, consumer groups as their members heartbeat, the groups'
 * committed offsets as the consumer keeps them, and {@code createTopics}, which succeeds because topics are
 * implicit. Every other operation completes its futures with Kafka's {@code UnsupportedVersionException}
 * ({@link UnsupportedAdmin}). Build it with {@link KafkaClientFactory#admin}. A thin facade over
 * {@link io.dafka.kafka.admin.internals}; calls run one after another on a thread of their own.
 */
public final class DafkaAdmin extends UnsupportedAdmin
{
    private final AdminNode node;
    private final AdminCalls calls = new AdminCalls();
    private final TopicQueries topics;
    private final AdminOffsets offsets;
    private final GroupQueries groups;
    private final ClusterQueries cluster;
    /** {@code default.api.timeout.ms}: the bound of a call given no timeout. */
    private final int defaultTimeoutMs;
    private boolean closed;

    public DafkaAdmin(final Properties properties)
    {
        this(Utils.propsToMap(properties));
    }

    /**
     * Starts listening to the mesh the settings name ({@code bootstrap.servers} = towers, and the {@code dafka.*}
     * keys a consumer takes, with {@code dafka.admin.listen.ms}).
     *
     * @throws org.apache.kafka.common.config.ConfigException naming an invalid key
     * @throws KafkaException if no tower answers
     */
    public DafkaAdmin(final Map<String, Object> configs)
    {
        final Map<String, Object> consumerConfigs = new HashMap<>(configs);
        consumerConfigs.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfigs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerConfigs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // The committed offsets are opened as a split group's members open them, so the Admin shares them.
        final Map<String, Object> offsetsConfigs = new HashMap<>(consumerConfigs);
        offsetsConfigs.put(DafkaConfig.CLIENT_GROUP_MODE.name(), "split");
        final DafkaClientConfig config = DafkaClientConfig.forConsumer(offsetsConfigs);
        final long listenMillis = (Long)config.dafkaValues().get(DafkaConfig.CLIENT_ADMIN_LISTEN.name());
        try
        {
            this.node = new AdminNode(config.toCoreConfig(), Clock.SYSTEM, listenMillis);
        }
        catch (final DafkaException e)
        {
            calls.close();
            throw new KafkaException("Failed to construct Dafka admin client: " + e.getMessage(), e);
        }
        this.topics = new TopicQueries(node, calls, PartitionIds::of, () ->
            new DafkaConsumer<>(consumerConfigs, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        this.offsets = new AdminOffsets(config);
        this.groups = new GroupQueries(node, calls, offsets, PartitionIds::of);
        this.cluster = new ClusterQueries(node, calls, config.towers().subEndpoints());
        this.defaultTimeoutMs = config.consumerConfig().getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
    }

    @Override
    public CreateTopicsResult createTopics(final Collection<NewTopic> newTopics, final CreateTopicsOptions options)
    {
        return topics.createTopics(newTopics);
    }

    @Override
    public ListTopicsResult listTopics(final ListTopicsOptions options)
    {
        return topics.listTopics(options);
    }

    @Override
    public DescribeTopicsResult describeTopics(final TopicCollection topicCollection,
        final DescribeTopicsOptions options)
    {
        return topics.describeTopics(topicCollection);
    }

    @Override
    public DescribeClusterResult describeCluster(final DescribeClusterOptions options)
    {
        return cluster.describeCluster();
    }

    @Override
    public ListOffsetsResult listOffsets(final Map<TopicPartition, OffsetSpec> topicPartitionOffsets,
        final ListOffsetsOptions options)
    {
        return topics.listOffsets(topicPartitionOffsets, Duration.ofMillis(options.timeoutMs() == null ?
            defaultTimeoutMs : options.timeoutMs()));
    }

    @Override
    public ListConsumerGroupsResult listConsumerGroups(final ListConsumerGroupsOptions options)
    {
        return groups.listConsumerGroups(options.groupStates());
    }

    @Override
    public ListGroupsResult listGroups(final ListGroupsOptions options)
    {
        return groups.listGroups(options.groupStates());
    }

    @Override
    public DescribeConsumerGroupsResult describeConsumerGroups(final Collection<String> groupIds,
        final DescribeConsumerGroupsOptions options)
    {
        return groups.describeConsumerGroups(groupIds);
    }

    @Override
    public ListConsumerGroupOffsetsResult listConsumerGroupOffsets(
        final Map<String, ListConsumerGroupOffsetsSpec> groupSpecs, final ListConsumerGroupOffsetsOptions options)
    {
        return groups.listConsumerGroupOffsets(groupSpecs);
    }

    @Override
    public AlterConsumerGroupOffsetsResult alterConsumerGroupOffsets(final String groupId,
        final Map<TopicPartition, OffsetAndMetadata> offsets, final AlterConsumerGroupOffsetsOptions options)
    {
        return groups.alterConsumerGroupOffsets(groupId, offsets);
    }

    @Override
    public DeleteConsumerGroupOffsetsResult deleteConsumerGroupOffsets(final String groupId,
        final Set<TopicPartition> partitions, final DeleteConsumerGroupOffsetsOptions options)
    {
        return groups.deleteConsumerGroupOffsets(groupId, partitions);
    }

    /** Waits up to {@code timeout} for the calls under way, then leaves the mesh. */
    @Override
    public synchronized void close(final Duration timeout)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        calls.close(Math.max(0, timeout.toMillis()));
        topics.close();
        offsets.close();
        node.close();
    }
}
