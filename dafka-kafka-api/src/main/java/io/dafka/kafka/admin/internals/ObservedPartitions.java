package io.dafka.kafka.admin.internals;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The partitions the Admin has heard of, by topic and partition (producer) address: the last HEAD of a live
 * producer, and what the stores reported holding in their STORE-HEADS summaries (the lowest first sequence, the
 * highest head), and the stores themselves. Written by the Admin's engine thread, read by the calls; every method
 * is synchronized and reads return copies.
 */
final class ObservedPartitions
{
    /** What is known of one partition; -1 where nothing is known. */
    record Partition(long liveHead, long storedFirst, long storedHead)
    {
        /** The offset after the last record anyone announced: Kafka's end offset. */
        long endOffset()
        {
            return Math.max(liveHead, storedHead) + 1;
        }

        /** The first offset the stores hold, or 0 if none reported the partition (sequences start at 0). */
        long earliestOffset()
        {
            return storedFirst < 0 ? 0 : storedFirst;
        }
    }

    private final Map<String, Map<String, Partition>> topics = new HashMap<>();
    private final Set<String> stores = new TreeSet<>();

    synchronized void onHead(final String topic, final String address, final long sequence)
    {
        topics.computeIfAbsent(topic, t -> new HashMap<>()).merge(address, new Partition(sequence, -1, -1),
            (known, heard) -> new Partition(Math.max(known.liveHead, sequence), known.storedFirst, known.storedHead));
    }

    synchronized void onStored(final String store, final String topic, final String address, final long first,
        final long head)
    {
        stores.add(store);
        topics.computeIfAbsent(topic, t -> new HashMap<>()).merge(address, new Partition(-1, first, head),
            (known, heard) -> new Partition(known.liveHead,
                known.storedFirst < 0 ? first : Math.min(known.storedFirst, first),
                Math.max(known.storedHead, head)));
    }

    synchronized void onStore(final String store)
    {
        stores.add(store);
    }

    /** Every topic heard of, with its partitions by address (sorted). */
    synchronized Map<String, Map<String, Partition>> topics()
    {
        final Map<String, Map<String, Partition>> copy = new TreeMap<>();
        topics.forEach((topic, partitions) -> copy.put(topic, new TreeMap<>(partitions)));
        return copy;
    }

    /** The partitions of {@code topic} by address (sorted); empty if it was not heard of. */
    synchronized Map<String, Partition> partitions(final String topic)
    {
        return new TreeMap<>(topics.getOrDefault(topic, Map.of()));
    }

    /** The addresses of the store writers that sent a summary. */
    synchronized Set<String> stores()
    {
        return new TreeSet<>(stores);
    }
}
