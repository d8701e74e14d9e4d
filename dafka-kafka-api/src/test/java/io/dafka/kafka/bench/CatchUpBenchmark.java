package io.dafka.kafka.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.kafka.RecordEnvelope;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.testing.Loopback;

/**
 * The consumer's side of catch-up through the Kafka API, a harness (not JMH: one run is a whole catch-up): an
 * in-memory store node on loopback holds RECORDS enveloped records of SIZE bytes in one partition (as
 * {@code DafkaProducer} writes them: a timestamp, a null key, no headers), and new {@code earliest} consumers of
 * new groups read them all, one after the other. Reported per run: records per second from construction to the
 * last record and from the first record to the last (the group's join left out), the CPU time per record of the
 * application thread (poll: hand-off, envelope decode, ConsumerRecords), of the consumer engine thread
 * ({@code dafka-consumer}: FETCH answers, ordering, hand-off) and of the whole JVM (store, tower and JeroMQ's I/O
 * threads included), each thread's share, and the engine's counters; then the medians.
 * Run: {@code mvn -B -q -pl dafka-kafka-api -am -Pcatchup-bench -DskipTests test-compile
 * [-Dbench.args="RECORDS SIZE RUNS"]}.
 */
public final class CatchUpBenchmark
{
    private static final String TOPIC = "catch-up";
    private static final String PARTITION = "0123456789ABCDEF0123456789ABCDEF";
    private static final int WARM_UPS = 2;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CatchUpBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        final int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf(Locale.ROOT, "catch-up benchmark: %,d records of %d bytes, %d runs (+%d warm-ups), Java %s, "
            + "%d cores, load average %.2f%n", records, size, runs, WARM_UPS, System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        final Path offsets = Files.createTempDirectory("catch-up-bench");
        try (TowerNode tower = Loopback.startTower();
             InMemoryRecordStore store = new InMemoryRecordStore();
             StoreNode node = StoreNode.start(Loopback.nodeConfig(tower), store))
        {
            final byte[] value = new byte[size];
            final long timestamp = System.currentTimeMillis();
            for (int sequence = 0; sequence < records; sequence++)
            {
                value[0] = (byte)sequence;
                store.append(TOPIC, PARTITION, sequence, RecordEnvelope.encode(timestamp, null, value, null));
            }
            store.flush();
            final double[][] figures = new double[runs][];
            for (int run = -WARM_UPS; run < runs; run++)
            {
                final double[] measured = catchUp(tower, offsets, records, run);
                if (run >= 0)
                {
                    figures[run] = measured;
                }
            }
            final String[] names = {"records/s", "after the first", "app us/rec", "engine us/rec", "consumer us/rec",
                "JVM us/rec"};
            final StringBuilder line = new StringBuilder("median:");
            for (int i = 0; i < names.length; i++)
            {
                final double[] column = new double[runs];
                for (int run = 0; run < runs; run++)
                {
                    column[run] = figures[run][i];
                }
                Arrays.sort(column);
                line.append(String.format(Locale.ROOT, "  %s %s", names[i], format(column[runs / 2])));
            }
            System.out.println(line);
            System.out.printf(Locale.ROOT, "load average at the end %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** One catch-up by a new consumer; returns records/s and CPU microseconds per record (app, engine, both, JVM). */
    private static double[] catchUp(final TowerNode tower, final Path offsets, final int records, final int run)
    {
        final Map<String, Object> config = new HashMap<>();
        config.put(KafkaClientFactory.TRANSPORT_CONFIG, "dafka");
        config.put("bootstrap.servers", "dafka://" + tower.subEndpoint().substring("tcp://".length()));
        config.put("dafka.tower.sub.endpoints", tower.subEndpoint());
        config.put("dafka.tower.pub.endpoints", tower.pubEndpoint());
        config.put("dafka.beacon.interval.ms", 100);
        config.put("dafka.offsets.dir", offsets.toString());
        config.put("group.id", "catch-up-" + (run + WARM_UPS));
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        final Map<String, Long> threadsBefore = threadCpu();
        final long appBefore = THREADS.getCurrentThreadCpuTime();
        final long jvmBefore = processCpuNanos();
        final long start = System.nanoTime();
        long received = 0;
        long checksum = 0;
        long first = 0;
        try (Consumer<byte[], byte[]> consumer = KafkaClientFactory.consumer(config, new ByteArrayDeserializer(),
            new ByteArrayDeserializer()))
        {
            consumer.subscribe(List.of(TOPIC));
            final long deadline = start + Duration.ofMinutes(5).toNanos();
            while (received < records && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100)))
                {
                    if (received == 0)
                    {
                        first = System.nanoTime();
                    }
                    checksum += record.value()[0];
                    received++;
                }
            }
            final long end = System.nanoTime();
            final double seconds = (end - start) / 1e9;
            final double app = (THREADS.getCurrentThreadCpuTime() - appBefore) / 1e3 / records;
            final Map<String, Long> threadsAfter = threadCpu();
            final double engine = delta(threadsBefore, threadsAfter, "dafka-consumer") / 1e3 / records;
            final double jvm = (processCpuNanos() - jvmBefore) / 1e3 / records;
            if (received < records)
            {
                throw new IllegalStateException("received " + received + " of " + records);
            }
            final double streaming = (records - 1) * 1e9 / Math.max(1, end - first);
            final double[] figures = {records / seconds, streaming, app, engine, app + engine, jvm};
            System.out.printf(Locale.ROOT, "%s %.2f s (first record after %.2f s)  records/s %s (after the first %s)"
                + "  app us/rec %s  engine us/rec %s  consumer us/rec %s  JVM us/rec %s  (checksum %d)%n",
                run < 0 ? "warm-up" : "run " + run, seconds, (first - start) / 1e9, format(figures[0]),
                format(streaming), format(app), format(engine), format(app + engine), format(jvm), checksum);
            System.out.println("  threads (us/rec): " + breakdown(threadsBefore, threadsAfter, records));
            System.out.println("  engine: " + engineCounts(consumer));
            return figures;
        }
    }

    private static String format(final double value)
    {
        return value >= 1000 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3f", value);
    }

    /** CPU nanoseconds of the live threads, summed by name. */
    private static Map<String, Long> threadCpu()
    {
        final Map<String, Long> cpu = new TreeMap<>();
        for (final ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds()))
        {
            if (info != null)
            {
                final long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos > 0)
                {
                    cpu.merge(info.getThreadName() + "#" + info.getThreadId(), nanos, Long::sum);
                }
            }
        }
        return cpu;
    }

    /** CPU nanoseconds the threads whose name starts with {@code prefix} spent between the two samples. */
    private static long delta(final Map<String, Long> before, final Map<String, Long> after, final String prefix)
    {
        long total = 0;
        for (final Map.Entry<String, Long> entry : after.entrySet())
        {
            if (entry.getKey().startsWith(prefix + "#"))
            {
                total += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            }
        }
        return total;
    }

    /**
     * The engine's counters (messages received, records held out of order, duplicates, FETCHes), read through
     * reflection: the Kafka API exposes only some of them.
     */
    private static String engineCounts(final Consumer<byte[], byte[]> consumer)
    {
        try
        {
            final Field metrics = consumer.getClass().getDeclaredField("metrics");
            metrics.setAccessible(true);
            final Object consumerMetrics = metrics.get(consumer);
            final Field engine = consumerMetrics.getClass().getDeclaredField("engine");
            engine.setAccessible(true);
            return String.valueOf(engine.get(consumerMetrics));
        }
        catch (final ReflectiveOperationException e)
        {
            return "(not available: " + e + ")";
        }
    }

    /** The CPU time per record of the thread groups (names without their numbers) that used any, largest first. */
    private static String breakdown(final Map<String, Long> before, final Map<String, Long> after, final int records)
    {
        final Map<String, Long> byGroup = new HashMap<>();
        after.forEach((name, nanos) -> byGroup.merge(name.substring(0, name.indexOf('#')).replaceAll("[-0-9]+$", ""),
            nanos - before.getOrDefault(name, 0L), Long::sum));
        final StringBuilder text = new StringBuilder();
        byGroup.entrySet().stream().filter(entry -> entry.getValue() >= records * 10L)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(entry -> text.append(String.format(Locale.ROOT, "%s %.3f  ", entry.getKey(),
                entry.getValue() / 1e3 / records)));
        return text.toString();
    }

    private static long processCpuNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }
}
