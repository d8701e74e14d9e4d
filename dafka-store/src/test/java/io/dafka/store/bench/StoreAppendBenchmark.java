package io.dafka.store.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.store.StoreNode;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.Loopback;

/**
 * Throughput of the durable store, a harness (not JMH: each run appends hundreds of MB, which JMH's repeated
 * invocations would turn into gigabytes):
 * <ul>
 *   <li>append, {@code store.fsync = batch}: RECORDS records of SIZE bytes to one partition, {@code flush()}
 *       (write + fsync + publish + index update) after every BATCH records, as the store writer does before its
 *       ACKs;</li>
 *   <li>append, {@code store.fsync = never}: the same, flush without fsync;</li>
 *   <li>catch-up read: {@code read()} of the whole partition from sequence 0 in chunks of 4096 records, as the
 *       store reader serves a FETCH (files in the page cache);</li>
 *   <li>catch-up over TCP: a consumer with offset reset earliest joins and receives the whole partition from a
 *       store node on loopback (FETCH answers as DIRECT-BATCHes), with the CPU time the JVM (store, consumer,
 *       JeroMQ's I/O threads, tower) spent per record received.</li>
 * </ul>
 * Run: {@code mvn -B -q -pl dafka-store -am -Pstore-bench -DskipTests test-compile
 * [-Dbench.args="RECORDS SIZE BATCH"]}; arguments: DIR [RECORDS [SIZE [BATCH]]].
 */
public final class StoreAppendBenchmark
{
    private static final String SUBJECT = "bench";
    private static final String PARTITION = "0123456789ABCDEF0123456789ABCDEF";
    private static final int RUNS = 3;

    private StoreAppendBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path root = Path.of(args.length > 0 ? args[0] : "target/store-bench");
        final int records = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        final int size = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        final int batch = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        System.out.printf(Locale.ROOT, "store benchmark: %,d records of %d bytes, flush every %,d records, %d runs "
            + "each (median), Java %s, %d cores%n", records, size, batch, RUNS, System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors());
        delete(root);
        append(root.resolve("warmup"), Math.min(records, 300_000), size, batch, "never");
        delete(root);
        report("append, fsync per batch", median(() -> append(root.resolve("batch"), records, size, batch,
            "batch")), records, size);
        report("append, fsync never", median(() -> append(root.resolve("never"), records, size, batch, "never")),
            records, size);
        report("catch-up read (RecordStore.read)", median(() -> read(root.resolve("never"), records)), records,
            size);
        final int overTcp = Math.min(records, 500_000);
        report("catch-up over TCP (consumer <- store)", median(() -> consume(root.resolve("never"), overTcp)),
            overTcp, size);
        delete(root);
    }

    /** Appends and flushes; returns seconds. */
    private static double append(final Path directory, final int records, final int size, final int batch,
        final String fsync) throws IOException
    {
        delete(directory);
        final byte[] content = new byte[size];
        try (DurableRecordStore store = DurableRecordStore.open(directory, config("store.fsync", fsync)))
        {
            final long start = System.nanoTime();
            for (int sequence = 0; sequence < records; sequence++)
            {
                content[0] = (byte)sequence;
                store.append(SUBJECT, PARTITION, sequence, content);
                if ((sequence + 1) % batch == 0)
                {
                    store.flush();
                }
            }
            store.flush();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Reads the whole partition in FETCH-sized chunks; returns seconds. */
    private static double read(final Path directory, final int records)
    {
        try (DurableRecordStore store = DurableRecordStore.open(directory, config()))
        {
            final long[] checksum = new long[1];
            final long start = System.nanoTime();
            long next = 0;
            while (next < records)
            {
                next += store.read(SUBJECT, PARTITION, next, 4096, (sequence, content) -> checksum[0] += content[0]);
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (checksum[0] == Long.MIN_VALUE)
            {
                System.out.println(checksum[0]); // keeps the visitor's work
            }
            return seconds;
        }
    }

    /** A late earliest consumer receives {@code records} from a store node; returns seconds. */
    private static double consume(final Path directory, final int records) throws IOException
    {
        final Path copy = directory.resolveSibling("tcp");
        delete(copy);
        try (DurableRecordStore source = DurableRecordStore.open(directory, config()))
        {
            final DurableRecordStore target = DurableRecordStore.open(copy, config());
            source.read(SUBJECT, PARTITION, 0, records, (sequence, content) ->
                target.append(SUBJECT, PARTITION, sequence, content));
            target.close();
        }
        try (TowerNode tower = Loopback.startTower();
             DurableRecordStore store = DurableRecordStore.open(copy, config());
             StoreNode node = StoreNode.start(Loopback.nodeConfig(tower, "store.index.entries", 1000), store);
             ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset",
                 "earliest")))
        {
            final long start = System.nanoTime();
            final long cpuStart = processCpuNanos();
            consumer.subscribe(SUBJECT);
            final List<ConsumedRecord> batch = new ArrayList<>();
            int received = 0;
            final long deadline = start + Duration.ofMinutes(5).toNanos();
            while (received < records && System.nanoTime() < deadline)
            {
                batch.clear();
                consumer.poll(batch, 10_000, Duration.ofMillis(100));
                received += batch.size();
            }
            if (received < records)
            {
                throw new IllegalStateException("received " + received + " of " + records);
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "  catch-up over TCP: %.2f s, CPU %.2f us per record (whole JVM)%n", seconds,
                (processCpuNanos() - cpuStart) / 1e3 / records);
            return seconds;
        }
    }

    private static long processCpuNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static DafkaConfig config(final Object... overrides)
    {
        final Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("store.index.entries", 1000);
        for (int i = 0; i < overrides.length; i += 2)
        {
            settings.put((String)overrides[i], overrides[i + 1]);
        }
        return DafkaConfig.of(settings);
    }

    private static double median(final Run run) throws Exception
    {
        final double[] seconds = new double[RUNS];
        for (int i = 0; i < RUNS; i++)
        {
            seconds[i] = run.seconds();
        }
        java.util.Arrays.sort(seconds);
        return seconds[RUNS / 2];
    }

    private static void report(final String what, final double seconds, final int records, final int size)
    {
        System.out.printf(Locale.ROOT, "%-40s %,12.0f records/s %8.1f MB/s (payload) %8.3f s%n", what,
            records / seconds, records * (double)size / seconds / 1e6, seconds);
    }

    private static void delete(final Path path) throws IOException
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (Stream<Path> all = Files.walk(path))
        {
            for (final Path each : all.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(each);
            }
        }
    }

    /** One measured run. */
    @FunctionalInterface
    private interface Run
    {
        double seconds() throws Exception;
    }
}
