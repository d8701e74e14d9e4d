package io.dafka.kafka.consumer.internals;

import java.util.Collection;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/** The rebalance listener used when the application gives none. */
public final class NoOpRebalanceListener implements ConsumerRebalanceListener
{
    @Override
    public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
    {
    }

    @Override
    public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
    {
    }
}
