package io.dafka.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;

import io.dafka.DafkaResourceException;
import io.dafka.kafka.consumer.internals.OffsetStore;

/** The consumer's {@link OffsetStore}: a group's {@link CommittedOffsets} file on this host. */
final class CommittedOffsetStore implements OffsetStore
{
    private final CommittedOffsets offsets;

    private CommittedOffsetStore(final CommittedOffsets offsets)
    {
        this.offsets = offsets;
    }

    /** Opens the offsets of {@code groupId} in the configured directory; a clear error if they are in use. */
    static CommittedOffsetStore open(final DafkaClientConfig config, final String groupId)
    {
        try
        {
            return new CommittedOffsetStore(CommittedOffsets.open(config.offsetsDir(), groupId));
        }
        catch (final IllegalStateException | java.io.UncheckedIOException e)
        {
            final String resource = DafkaResourceException.describe(e);
            throw new KafkaException(resource == null ? e.getMessage() : e.getMessage() + ": " + resource, e);
        }
    }

    @Override
    public OffsetAndMetadata get(final String topic, final String partition)
    {
        final CommittedOffsets.Committed committed = offsets.get(topic, partition);
        return committed == null ? null : new OffsetAndMetadata(committed.offset(), committed.metadata());
    }

    @Override
    public void commit(final Map<Address, OffsetAndMetadata> commits)
    {
        final Map<CommittedOffsets.Key, CommittedOffsets.Committed> converted = new HashMap<>();
        commits.forEach((address, offset) -> converted.put(new CommittedOffsets.Key(address.topic(),
            address.partition()), new CommittedOffsets.Committed(offset.offset(), offset.metadata())));
        offsets.commit(converted);
    }

    @Override
    public void close()
    {
        offsets.close();
    }
}
