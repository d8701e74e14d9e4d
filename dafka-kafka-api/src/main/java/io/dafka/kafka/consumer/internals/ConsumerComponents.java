package io.dafka.kafka.consumer.internals;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumerNode;

/**
 * The parts of one Kafka consumer on Dafka, wired together around one consumer engine: the facade holds this and
 * delegates. Closing it stops the engine.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConsumerComponents<K, V> implements AutoCloseable
{
    private final ConsumerNode node;
    private final SubscriptionState subscriptions;
    private final PartitionPositions positions;
    private final FetchCollector<K, V> fetcher;
    private final OffsetCommitter committer;
    private final PartitionMetadata metadata;

    /** What a consumer is made of besides its engine's configuration. */
    public record Settings<K, V>(OffsetResetPolicy resetPolicy, String groupId, OffsetStore offsetStore,
        boolean autoCommit, long autoCommitIntervalMs, int maxPollRecords, Deserializer<K> keyDeserializer,
        Deserializer<V> valueDeserializer, RecordReader reader, ToIntFunction<String> partitionIdOf,
        Consumer<Map<TopicPartition, OffsetAndMetadata>> onCommit, ConsumerMetrics metrics, LightLock lock,
        Time time)
    {
    }

    /** Starts the engine (waiting for a tower's welcome) and wires the parts. */
    public ConsumerComponents(final DafkaConfig config, final Settings<K, V> settings)
    {
        final KafkaStartPolicy startPolicy = new KafkaStartPolicy(settings.offsetStore(), settings.resetPolicy(),
            settings.reader(), settings.time());
        this.node = ConsumerNode.builder(config.with(DafkaConfig.CONSUMER_DISCOVERY, "stores"))
            .startPolicy(startPolicy)
            .start();
        settings.metrics().engine(node.metrics());
        final PartitionDirectory directory = new PartitionDirectory(node, settings.partitionIdOf());
        this.subscriptions = new SubscriptionState(node, directory, startPolicy, settings.resetPolicy(),
            settings.time());
        this.positions = new PartitionPositions(node, subscriptions, directory, startPolicy, settings.resetPolicy(),
            settings.lock(), settings.time());
        this.fetcher = new FetchCollector<>(node, subscriptions, positions, settings.keyDeserializer(),
            settings.valueDeserializer(), settings.reader(), settings.metrics(), settings.lock(), settings.time(),
            settings.maxPollRecords());
        this.committer = new OffsetCommitter(settings.groupId(), settings.offsetStore(), subscriptions, positions,
            settings.onCommit(), settings.autoCommit(), settings.autoCommitIntervalMs(), settings.time());
        this.metadata = new PartitionMetadata(subscriptions, directory, config, settings.reader(), settings.time());
    }

    public SubscriptionState subscriptions()
    {
        return subscriptions;
    }

    public PartitionPositions positions()
    {
        return positions;
    }

    public FetchCollector<K, V> fetcher()
    {
        return fetcher;
    }

    public OffsetCommitter committer()
    {
        return committer;
    }

    public PartitionMetadata metadata()
    {
        return metadata;
    }

    /** Any thread: ends a blocked poll. */
    public void wakeup()
    {
        node.wakeup();
    }

    @Override
    public void close()
    {
        Utils.closeQuietly(metadata, "partition metadata");
        Utils.closeQuietly(node, "dafka consumer node");
    }
}
