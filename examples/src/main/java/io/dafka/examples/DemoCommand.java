package io.dafka.examples;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.transport.Metric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dafka demo}: a tower, a store, a producer and two consumers in one process, over TCP on 127.0.0.1
 * (ephemeral ports). A "latest" consumer follows the stream live; an "earliest" consumer joins after the
 * producer has finished and gets everything from the store.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Embedded demo: tower + store + producer + two consumers in one process, then exit.")
final class DemoCommand implements Callable<Integer>
{
    private static final String TOPIC = "demo";

    @Option(names = "--records", defaultValue = "10000", description = "records to send (default: ${DEFAULT-VALUE})")
    int records;

    @Option(names = "--timeout", defaultValue = "60", description = "seconds before giving up (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call()
    {
        final long start = System.nanoTime();
        final long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
        try (TowerNode tower = TowerNode.start(DafkaConfig.of(java.util.Map.of(
                 "tower.sub_address", "tcp://127.0.0.1:*", "tower.pub_address", "tcp://127.0.0.1:*")));
             InMemoryRecordStore memory = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(nodeConfig(tower, "latest"), memory);
             ConsumerNode live = ConsumerNode.start(nodeConfig(tower, "latest"));
             ProducerNode producer = ProducerNode.start(nodeConfig(tower, "latest")))
        {
            say("tower     listening at %s (beacons) and %s (peers)", tower.subEndpoint(), tower.pubEndpoint());
            say("store     writer %s, reader %s", store.writerAddress(), store.readerAddress());
            live.subscribe(TOPIC);
            say("consumer  'live' (offset reset latest) subscribed to '%s'", TOPIC);
            awaitDiscovery(live, producer, deadline);

            for (int i = 0; i < records; i++)
            {
                final String text = "record " + i;
                producer.send(TOPIC, text.getBytes(StandardCharsets.UTF_8));
                if (shouldPrint(i))
                {
                    say("producer  -> %s  '%s'", TOPIC, text);
                }
            }
            final List<ConsumedRecord> liveRecords = drain("live", live, records, deadline);
            final boolean acked = producer.flush(remaining(deadline));
            say("producer  %d records sent, %s", records, acked ? "all acknowledged by the store" : "NOT all acknowledged");

            try (ConsumerNode late = ConsumerNode.start(nodeConfig(tower, "earliest")))
            {
                late.subscribe(TOPIC);
                say("consumer  'late' (offset reset earliest) joined after the producer finished");
                final List<ConsumedRecord> lateRecords = drain("late", late, records, deadline);
                final long stored = store.writerMetrics().get(Metric.RECORDS_STORED);
                // A latest consumer starts at the first record it sees; the late earliest one must get them all.
                final boolean complete = acked && stored == records && inOrder(liveRecords) &&
                    reachedEnd(liveRecords, records) && inOrder(lateRecords) && lateRecords.size() == records;
                System.out.printf("summary: sent=%d stored=%d delivered live=%d late=%d in-order=%s duration=%.2fs%n",
                    records, stored, liveRecords.size(), lateRecords.size(),
                    inOrder(liveRecords) && inOrder(lateRecords), (System.nanoTime() - start) / 1e9);
                return complete ? 0 : 1;
            }
        }
    }

    private static DafkaConfig nodeConfig(final TowerNode tower, final String reset)
    {
        return DafkaConfig.of(java.util.Map.of(
            "beacon.address", "127.0.0.1",
            "beacon.sub_address", tower.subEndpoint(),
            "beacon.pub_address", tower.pubEndpoint(),
            "beacon.interval", 200,
            "producer.head_interval", 200,
            "consumer.offset.reset", reset));
    }

    /** Waits until the live consumer and the producer have found each other and the store's two nodes. */
    private static void awaitDiscovery(final ConsumerNode live, final ProducerNode producer, final long deadline)
    {
        while (System.nanoTime() < deadline &&
            (live.metrics().get(Metric.PEERS_CONNECTED) < 3 || producer.metrics().get(Metric.PEERS_CONNECTED) < 3))
        {
            live.poll(Duration.ofMillis(10)); // nothing is published yet: this only paces the wait
        }
        say("discovery peers found: consumer %d, producer %d", live.metrics().get(Metric.PEERS_CONNECTED),
            producer.metrics().get(Metric.PEERS_CONNECTED));
    }

    private static List<ConsumedRecord> drain(final String name, final ConsumerNode consumer, final int expected,
        final long deadline)
    {
        final List<ConsumedRecord> received = new ArrayList<>(expected);
        final List<ConsumedRecord> batch = new ArrayList<>();
        while (!reachedEnd(received, expected) && System.nanoTime() < deadline)
        {
            batch.clear();
            consumer.poll(batch, 10_000, Duration.ofMillis(100));
            for (final ConsumedRecord record : batch)
            {
                if (shouldPrint(received.size()))
                {
                    say("consumer  '%s' <- %s@%d '%s'", name, record.topic(), record.sequence(), record.text());
                }
                received.add(record);
            }
        }
        say("consumer  '%s' received %d records", name, received.size());
        return received;
    }

    private static boolean reachedEnd(final List<ConsumedRecord> received, final int expected)
    {
        return !received.isEmpty() && received.get(received.size() - 1).sequence() == expected - 1;
    }

    /** Consecutive sequences, no gap, no duplicate, each with the content that was sent for it. */
    private static boolean inOrder(final List<ConsumedRecord> records)
    {
        final long first = records.isEmpty() ? 0 : records.get(0).sequence();
        for (int i = 0; i < records.size(); i++)
        {
            final ConsumedRecord record = records.get(i);
            if (record.sequence() != first + i || !record.text().equals("record " + record.sequence()))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean shouldPrint(final int index)
    {
        return index < 3 || index % 2500 == 0;
    }

    private static Duration remaining(final long deadline)
    {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void say(final String format, final Object... args)
    {
        System.out.printf(format + "%n", args);
    }
}
