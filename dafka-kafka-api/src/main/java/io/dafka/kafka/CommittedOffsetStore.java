package io.dafka.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;

import io.dafka.DafkaResourceException;
import io.dafka.kafka.consumer.internals.OffsetStore;

/**
 * The consumer's {@link OffsetStore} with {@code dafka.consumer.offsets.storage=file}: a group's {@link
 * CommittedOffsets} file on this host; the generation of a commit is not checked. The members of a split
 * group in one process share one open file (the file is locked per process), so that a member that takes over a
 * partition reads the offset its previous owner committed; a second process of the same group on this host fails
 * to open it: that needs the offsets kept by the stores ({@link StoreOffsets}).
 */
final class CommittedOffsetStore implements OffsetStore
{
    /** The files shared by the members of split groups in this process, by group directory. */
    private static final Map<List<String>, Shared> SHARED = new HashMap<>();

    /** One shared file and how many consumers use it. */
    private static final class Shared
    {
        private final CommittedOffsets offsets;
        private int users;

        private Shared(final CommittedOffsets offsets)
        {
            this.offsets = offsets;
        }
    }

    private final CommittedOffsets offsets;
    /** The key of the shared file, or null if this consumer holds the file alone. */
    private final List<String> sharedKey;

    private CommittedOffsetStore(final CommittedOffsets offsets, final List<String> sharedKey)
    {
        this.offsets = offsets;
        this.sharedKey = sharedKey;
    }

    /**
     * Opens the offsets of {@code groupId}, shared with the other members of a split group in this process (see
     * the class comment); a clear error if they are in use by a consumer that does not share them.
     */
    static CommittedOffsetStore open(final DafkaClientConfig config, final String groupId)
    {
        if (!config.splitGroups())
        {
            return openAlone(config, groupId);
        }
        final List<String> key = List.of(config.offsetsDir().toAbsolutePath().normalize().toString(), groupId);
        synchronized (SHARED)
        {
            Shared shared = SHARED.get(key);
            if (shared == null)
            {
                shared = new Shared(openAlone(config, groupId).offsets);
                SHARED.put(key, shared);
            }
            shared.users++;
            return new CommittedOffsetStore(shared.offsets, key);
        }
    }

    /** Opens the offsets of {@code groupId} in the configured directory; a clear error if they are in use. */
    private static CommittedOffsetStore openAlone(final DafkaClientConfig config, final String groupId)
    {
        try
        {
            return new CommittedOffsetStore(CommittedOffsets.open(config.offsetsDir(), groupId), null);
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
        return committed == null || committed.offset() == DELETED ? null
            : new OffsetAndMetadata(committed.offset(), committed.metadata());
    }

    @Override
    public void commit(final Map<Address, OffsetAndMetadata> commits, final ConsumerGroupMetadata member)
    {
        final Map<CommittedOffsets.Key, CommittedOffsets.Committed> converted = new HashMap<>();
        commits.forEach((address, offset) -> converted.put(new CommittedOffsets.Key(address.topic(),
            address.partition()), new CommittedOffsets.Committed(offset.offset(), offset.metadata())));
        offsets.commit(converted);
    }

    @Override
    public void delete(final Set<Address> partitions, final ConsumerGroupMetadata member)
    {
        final Map<CommittedOffsets.Key, CommittedOffsets.Committed> deleted = new HashMap<>();
        partitions.forEach(address -> deleted.put(new CommittedOffsets.Key(address.topic(), address.partition()),
            new CommittedOffsets.Committed(DELETED, "")));
        offsets.commit(deleted);
    }

    @Override
    public void close()
    {
        if (sharedKey == null)
        {
            offsets.close();
            return;
        }
        synchronized (SHARED)
        {
            final Shared shared = SHARED.get(sharedKey);
            if (--shared.users == 0)
            {
                SHARED.remove(sharedKey);
                offsets.close();
            }
        }
    }
}
