package io.dafka.kafka.admin.internals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;

/**
 * The Admin's topic operations, from what the {@link AdminNode} heard: a topic exists once a producer's HEAD or a
 * store's summary named it; its partitions are numbered as the consumer numbers them ({@link TopicNumbers}); the
 * earliest offset is the lowest the stores hold (0 if none reported it), the latest the highest head announced + 1;
 * an offset by timestamp is searched by a Dafka consumer, as its {@code offsetsForTimes} does.
 */
public final class TopicQueries
{
    /** Topics whose name starts with this are internal, as Kafka's own ({@code __consumer_offsets}). */
    private static final String INTERNAL_PREFIX = "__";
    /** How long the timestamp searcher waits at a time for the partitions it was assigned to appear. */
    private static final Duration SEARCHER_WAIT = Duration.ofMillis(100);

    private final AdminNode node;
    private final AdminCalls calls;
    private final ToIntFunction<String> idOf;
    private final Supplier<Consumer<byte[], byte[]>> timestamps;
    private Consumer<byte[], byte[]> searcher;

    /**
     * @param idOf the partition id of an address (the consumer's first choice of partition number)
     * @param timestamps makes the consumer that searches offsets by timestamp (once, on the first such search)
     */
    public TopicQueries(final AdminNode node, final AdminCalls calls, final ToIntFunction<String> idOf,
        final Supplier<Consumer<byte[], byte[]>> timestamps)
    {
        this.node = node;
        this.calls = calls;
        this.idOf = idOf;
        this.timestamps = timestamps;
    }

    public ListTopicsResult listTopics(final ListTopicsOptions options)
    {
        final KafkaFutureImpl<Map<String, TopicListing>> listings = new KafkaFutureImpl<>();
        calls.run(() ->
        {
            final Map<String, TopicListing> found = new LinkedHashMap<>();
            node.topics().keySet().forEach(topic ->
            {
                final boolean internal = topic.startsWith(INTERNAL_PREFIX);
                if (!internal || options.shouldListInternal())
                {
                    found.put(topic, new TopicListing(topic, Uuid.ZERO_UUID, internal));
                }
            });
            listings.complete(found);
        }, List.of(listings));
        return ResultFactory.create(ListTopicsResult.class, listings);
    }

    /** By name; Dafka topics have no ids, so a topic id is never found. */
    public DescribeTopicsResult describeTopics(final TopicCollection topics)
    {
        if (topics instanceof TopicCollection.TopicIdCollection ids)
        {
            final Map<Uuid, KafkaFuture<TopicDescription>> unknown = new LinkedHashMap<>();
            ids.topicIds().forEach(id -> unknown.put(id, ResultFactory.failed(
                new UnknownTopicIdException("Dafka topics have no ids: describe " + id + " by name"))));
            return ResultFactory.create(DescribeTopicsResult.class, unknown, null);
        }
        final Map<String, KafkaFutureImpl<TopicDescription>> futures = new LinkedHashMap<>();
        ((TopicCollection.TopicNameCollection)topics).topicNames().forEach(topic ->
            futures.put(topic, new KafkaFutureImpl<>()));
        calls.run(() ->
        {
            final Map<String, Map<String, ObservedPartitions.Partition>> known = node.topics();
            futures.forEach((topic, future) ->
            {
                final Map<String, ObservedPartitions.Partition> partitions = known.get(topic);
                if (partitions == null)
                {
                    future.completeExceptionally(unknownTopic(topic));
                    return;
                }
                final List<TopicPartitionInfo> infos = new ArrayList<>();
                TopicNumbers.of(topic, partitions.keySet(), idOf).keySet().forEach(number ->
                    infos.add(new TopicPartitionInfo(number, Node.noNode(), List.of(), List.of())));
                future.complete(new TopicDescription(topic, topic.startsWith(INTERNAL_PREFIX), infos));
            });
        }, futures.values());
        return ResultFactory.create(DescribeTopicsResult.class, null, new LinkedHashMap<>(futures));
    }

    /** Topics are implicit in Dafka: every topic "is created" (it exists once a producer sends to it). */
    public CreateTopicsResult createTopics(final Collection<NewTopic> topics)
    {
        final Map<String, KafkaFuture<CreateTopicsResult.TopicMetadataAndConfig>> created = new LinkedHashMap<>();
        topics.forEach(topic -> created.put(topic.name(), ResultFactory.completed(
            new CreateTopicsResult.TopicMetadataAndConfig(Uuid.ZERO_UUID, topic.numPartitions(),
                topic.replicationFactor(), null))));
        return ResultFactory.create(CreateTopicsResult.class, created);
    }

    /** Earliest, latest, or by timestamp; other specs fail for their partition as unsupported. */
    public ListOffsetsResult listOffsets(final Map<TopicPartition, OffsetSpec> specs, final Duration timeout)
    {
        final Map<TopicPartition, KafkaFutureImpl<ListOffsetsResult.ListOffsetsResultInfo>> futures =
            new LinkedHashMap<>();
        specs.keySet().forEach(partition -> futures.put(partition, new KafkaFutureImpl<>()));
        calls.run(() ->
        {
            final Map<String, Map<String, ObservedPartitions.Partition>> known = node.topics();
            final PartitionAddresses addresses = new PartitionAddresses(known, idOf);
            final Map<TopicPartition, Long> byTime = new HashMap<>();
            specs.forEach((partition, spec) ->
            {
                final KafkaFutureImpl<ListOffsetsResult.ListOffsetsResultInfo> future = futures.get(partition);
                final String address = addresses.address(partition);
                final ObservedPartitions.Partition state = address == null ? null :
                    known.get(partition.topic()).get(address);
                if (state == null)
                {
                    future.completeExceptionally(new UnknownTopicOrPartitionException("Dafka has not heard of " +
                        partition));
                }
                else if (spec instanceof OffsetSpec.EarliestSpec)
                {
                    future.complete(info(state.earliestOffset()));
                }
                else if (spec instanceof OffsetSpec.LatestSpec)
                {
                    future.complete(info(state.endOffset()));
                }
                else if (spec instanceof OffsetSpec.TimestampSpec timestamp)
                {
                    byTime.put(partition, ResultFactory.timestamp(timestamp));
                }
                else
                {
                    future.completeExceptionally(new UnsupportedVersionException("Dafka lists offsets only as " +
                        "earliest, latest or for a timestamp, not " + spec.getClass().getSimpleName()));
                }
            });
            if (!byTime.isEmpty())
            {
                searchByTime(byTime, timeout).forEach((partition, found) -> futures.get(partition).complete(
                    found == null ? new ListOffsetsResult.ListOffsetsResultInfo(-1, -1, Optional.empty()) :
                        new ListOffsetsResult.ListOffsetsResultInfo(found.offset(), found.timestamp(),
                            Optional.empty())));
            }
        }, futures.values());
        return new ListOffsetsResult(new LinkedHashMap<>(futures));
    }

    private Map<TopicPartition, OffsetAndTimestamp> searchByTime(final Map<TopicPartition, Long> targets,
        final Duration timeout)
    {
        if (searcher == null)
        {
            searcher = timestamps.get();
        }
        searcher.assign(targets.keySet());
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!knowsAll(targets.keySet()) && System.nanoTime() - deadline < 0)
        {
            searcher.poll(SEARCHER_WAIT); // lets the searcher hear the partitions' heads; its records are unused
        }
        return searcher.offsetsForTimes(targets, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private boolean knowsAll(final Collection<TopicPartition> partitions)
    {
        for (final TopicPartition partition : partitions)
        {
            if (searcher.partitionsFor(partition.topic()).stream().noneMatch(info ->
                info.partition() == partition.partition()))
            {
                return false;
            }
        }
        return true;
    }

    /** Closes the timestamp searcher, if one was made; on the calls' thread, after the last call. */
    public void close()
    {
        if (searcher != null)
        {
            searcher.close();
        }
    }

    private static ListOffsetsResult.ListOffsetsResultInfo info(final long offset)
    {
        return new ListOffsetsResult.ListOffsetsResultInfo(offset, -1, Optional.empty());
    }

    static UnknownTopicOrPartitionException unknownTopic(final String topic)
    {
        return new UnknownTopicOrPartitionException("Dafka has heard of no producer or store of topic " + topic);
    }
}
