package io.dafka.kafka;

import java.time.Duration;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import io.dafka.consumer.ConsumerNode;
import io.dafka.kafka.consumer.internals.OffsetStore;

/**
 * How the Admin opens a group's committed offsets: where the group's consumers keep them
 * ({@code dafka.consumer.offsets.storage}). With the stores, through a consumer engine of the Admin's own that
 * reaches them (started at the first call that needs it, closed with the Admin), each open reading the group's
 * offsets afresh; with a file, the group's file on this host. Called from the Admin's call thread.
 */
final class AdminOffsets implements Function<String, OffsetStore>, AutoCloseable
{
    private final DafkaClientConfig config;
    private ConsumerNode node;

    AdminOffsets(final DafkaClientConfig config)
    {
        this.config = config;
    }

    @Override
    public OffsetStore apply(final String groupId)
    {
        if (!config.offsetsInStores())
        {
            return CommittedOffsetStore.open(config, groupId);
        }
        if (node == null)
        {
            node = ConsumerNode.builder(config.toCoreConfig()).storeOffsets().start();
        }
        final StoreOffsets offsets = new StoreOffsets(groupId, config.commitMinStores(), Duration.ofMillis(
            config.consumerConfig().getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)));
        offsets.attach(node);
        offsets.refresh();
        return offsets;
    }

    @Override
    public void close()
    {
        if (node != null)
        {
            node.close();
        }
    }
}
