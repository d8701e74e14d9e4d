package io.dafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;

/** Records a consumer delivered, grouped by partition, with checks for loss, duplicates and order. */
public final class Collected
{
    private final List<ConsumedRecord> all = new ArrayList<>();
    private final Map<String, List<ConsumedRecord>> byPartition = new LinkedHashMap<>();

    /** Polls {@code consumer} until {@code done} holds or {@code timeout} passes; returns whether it held. */
    public boolean pollUntil(final ConsumerNode consumer, final Predicate<Collected> done, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final List<ConsumedRecord> batch = new ArrayList<>();
        while (!done.test(this))
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            batch.clear();
            consumer.poll(batch, 10_000, Duration.ofMillis(50));
            batch.forEach(this::add);
        }
        return true;
    }

    public void add(final ConsumedRecord record)
    {
        all.add(record);
        byPartition.computeIfAbsent(record.topic() + "/" + record.partition(), p -> new ArrayList<>()).add(record);
    }

    public int size()
    {
        return all.size();
    }

    public List<ConsumedRecord> all()
    {
        return all;
    }

    /** The records of one partition, in delivery order. */
    public List<ConsumedRecord> partition(final String topic, final String partition)
    {
        return byPartition.getOrDefault(topic + "/" + partition, List.of());
    }

    public Map<String, List<ConsumedRecord>> byPartition()
    {
        return byPartition;
    }

    /** Sequences delivered for one partition, in delivery order. */
    public List<Long> sequences(final String topic, final String partition)
    {
        return partition(topic, partition).stream().map(ConsumedRecord::sequence).toList();
    }

    /** Texts delivered, in delivery order. */
    public List<String> texts()
    {
        return all.stream().map(ConsumedRecord::text).toList();
    }

    /** Whether each partition's sequences run consecutively from {@code first} with nothing missing or repeated. */
    public static boolean consecutive(final List<ConsumedRecord> records, final long first)
    {
        for (int i = 0; i < records.size(); i++)
        {
            if (records.get(i).sequence() != first + i)
            {
                return false;
            }
        }
        return true;
    }
}
