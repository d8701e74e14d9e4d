package io.dafka.system.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.dafka.kafka.KafkaClientFactory;

/**
 * A Kafka consumer on Dafka that checks it gets every record of {@link ManyProducersProcess} once and in order:
 * {@code TOWER_SUB TOWER_PUB TOPIC GROUP OFFSETS_DIR EXPECTED TIMEOUT_SECONDS}. Each key (a producer, one partition)
 * must bring the values {@code 0, 1, 2, ...} in that order, at the offset equal to the value. Polls until
 * {@code EXPECTED} distinct records came or the timeout passed, prints {@code RECEIVED distinct=.. duplicated=..
 * reordered=.. keys=.. millis=..}, then waits for a line on stdin before closing.
 */
public final class EveryRecordConsumerProcess
{
    private EveryRecordConsumerProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String topic = args[2];
        final long expected = Long.parseLong(args[5]);
        final long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[6])).toNanos();
        final Map<Long, Long> nextByKey = new HashMap<>();
        long distinct = 0;
        long duplicated = 0;
        long reordered = 0;
        final long start = System.nanoTime();
        try (Consumer<Long, Long> consumer = KafkaClientFactory.consumer(
            KafkaSettings.consumer(args[0], args[1], args[3], args[4])))
        {
            consumer.subscribe(List.of(topic));
            System.out.println("SUBSCRIBED");
            System.out.flush();
            while (distinct < expected && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<Long, Long> record : consumer.poll(Duration.ofMillis(200)))
                {
                    final long next = nextByKey.getOrDefault(record.key(), 0L);
                    if (record.value() < next)
                    {
                        duplicated++;
                    }
                    else if (record.value() > next || record.offset() != record.value())
                    {
                        reordered++;
                        nextByKey.put(record.key(), record.value() + 1);
                        distinct++;
                    }
                    else
                    {
                        nextByKey.put(record.key(), next + 1);
                        distinct++;
                    }
                }
            }
            System.out.println("RECEIVED distinct=" + distinct + " duplicated=" + duplicated + " reordered=" +
                reordered + " keys=" + nextByKey.size() + " millis=" + (System.nanoTime() - start) / 1_000_000);
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }
}
