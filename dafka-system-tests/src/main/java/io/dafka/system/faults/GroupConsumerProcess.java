package io.dafka.system.faults;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import io.dafka.kafka.KafkaClientFactory;
import io.dafka.system.OffsetRuns;

/**
 * A consumer of a group in a child JVM, to be killed: {@code TOWER_SUB TOWER_PUB TOPIC GROUP OFFSETS_DIR
 * COMMIT_EVERY}. Reads from the earliest record through the Kafka API and prints, for every poll, {@code RECEIVED
 * partition first-last...} (the offsets, as ranges); after every {@code COMMIT_EVERY} records it calls
 * {@code commitSync()} and prints {@code COMMITTED partition offset}.
 */
public final class GroupConsumerProcess
{
    private GroupConsumerProcess()
    {
    }

    public static void main(final String[] args)
    {
        final String topic = args[2];
        final long commitEvery = Long.parseLong(args[5]);
        long uncommitted = 0;
        try (Consumer<Long, Long> consumer = KafkaClientFactory.consumer(
            KafkaSettings.consumer(args[0], args[1], args[3], args[4])))
        {
            consumer.subscribe(List.of(topic));
            while (true)
            {
                final ConsumerRecords<Long, Long> records = consumer.poll(Duration.ofMillis(100));
                for (final TopicPartition partition : records.partitions())
                {
                    System.out.println("RECEIVED " + partition.partition() + OffsetRuns.of(records.records(partition)));
                    uncommitted += records.records(partition).size();
                }
                if (uncommitted >= commitEvery)
                {
                    consumer.commitSync();
                    uncommitted = 0;
                    for (final TopicPartition partition : consumer.assignment())
                    {
                        final var committed = consumer.committed(Set.of(partition)).get(partition);
                        if (committed != null)
                        {
                            System.out.println("COMMITTED " + partition.partition() + " " + committed.offset());
                        }
                    }
                }
            }
        }
    }

    /** Feeds every offset of a {@code RECEIVED} line to {@code sink}; returns the partition number. */
    static int parseReceived(final String line, final java.util.function.LongConsumer sink)
    {
        final String[] words = line.split(" ");
        for (int i = 2; i < words.length; i++)
        {
            final String[] bounds = words[i].split("-");
            for (long offset = Long.parseLong(bounds[0]); offset <= Long.parseLong(bounds[1]); offset++)
            {
                sink.accept(offset);
            }
        }
        return Integer.parseInt(words[1]);
    }
}
