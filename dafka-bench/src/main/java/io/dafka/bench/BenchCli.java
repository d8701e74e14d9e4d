package io.dafka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./dafka bench [--quick] [--only WORKLOAD[,WORKLOAD...]]}: Dafka (and, in the throughput and latency
 * workloads, Dafka with CURVE on) against a real Apache Kafka broker (at client defaults,
 * tuned, and fsyncing) through the same Kafka-interface code; prints a progress line per trial and writes
 * {@code results.md} (medians, paired ratios, load and CPU time) and {@code results.png} (a chart of the ratios)
 * to {@code target/bench-results/} (build output, not committed).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Compares Dafka with a real Apache Kafka broker (throughput, scaling, latency, first record, "
        + "catch-up, commit, groups), with a JeroMQ reference and with Dafka with CURVE on; writes "
        + "target/bench-results/results.md and results.png.")
public final class BenchCli implements Callable<Integer>
{
    @Option(names = "--quick", description = "Smaller workloads, fewer trials, scaling with 100 B only.")
    private boolean quick;

    @Option(names = "--only", paramLabel = "WORKLOAD", split = ",",
        description = "Runs only these workloads (comma-separated, in this order): throughput (with the JeroMQ "
            + "reference and Dafka with CURVE on), scaling, latency (with Dafka with CURVE on), first-record, "
            + "catch-up, commit or groups.")
    private List<String> only;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results.md and results.png go (default: "
        + "${DEFAULT-VALUE}).")
    private Path out = Path.of("target", "bench-results");

    @Spec
    private CommandLine.Model.CommandSpec spec;

    /** The legend of the rows: each system's settings and what its ACK promises. */
    private static final List<String> LEGEND_ROWS = List.of(
        "Kafka default: " + KafkaTarget.DEFAULTS_DESCRIPTION,
        "Kafka tuned: " + KafkaTarget.TUNED_DESCRIPTION,
        "Kafka durable: " + KafkaTarget.DURABLE_DESCRIPTION,
        "Dafka: " + DafkaTarget.DESCRIPTION,
        "Dafka CURVE (throughput and latency only): " + DafkaTarget.CURVE_DESCRIPTION);

    public static void main(final String[] args)
    {
        defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        defaultProperty("org.slf4j.simpleLogger.log.io.dafka.realkafka", "info");
        // Testcontainers logs an ERROR when it finds no Docker engine; the broker then runs as a child JVM.
        defaultProperty("org.slf4j.simpleLogger.log.org.testcontainers", "off");
        // Kafka clients warn once per new topic that it does not exist yet, until auto-creation has made it.
        defaultProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        // ... and producers retry (warning each time) while the broker makes a new topic's partitions ready.
        defaultProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender", "error");
        defaultProperty("chronicle.analytics.disable", "true");
        defaultProperty("chronicle.announcer.disable", "true");
        defaultProperty("java.awt.headless", "true");
        // The broker as a child JVM (not Docker), so that its CPU time can be read like Dafka's peers'.
        defaultProperty("realkafka.mode", "process");
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }

    @Override
    public Integer call()
    {
        final List<Workload> workloads = only == null ? BenchRun.WORKLOADS : only.stream().distinct()
            .map(name -> BenchRun.workload(name).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "no workload " + name))).toList();
        final Scale scale = quick ? Scale.QUICK : Scale.FULL;
        final String command = "./dafka bench" + (quick ? " --quick" : "")
            + (only == null ? "" : " --only " + String.join(",", only));
        final Results results = new Results(System.out);
        final long start = System.nanoTime();
        BenchRun.run(scale, workloads, results);
        final double seconds = (System.nanoTime() - start) / 1e9;
        final int cores = Runtime.getRuntime().availableProcessors();
        final String report = report(command, scale, results, seconds, cores);
        System.out.println();
        System.out.print(report);
        System.out.print(Usage.warning(results.usage(), cores));
        write(out.resolve("results.md"), report);
        ResultsChart.write(results, "Dafka vs Kafka: " + command, out.resolve("results.png"));
        System.out.println("\nwritten to " + out.toAbsolutePath().resolve("results.md") + " and results.png");
        if (!results.complete())
        {
            System.out.println("INCOMPLETE: some trials lost or repeated records (see the progress lines)");
            return 1;
        }
        return 0;
    }

    /** The whole of results.md. */
    private static String report(final String command, final Scale scale, final Results results, final double seconds,
                         final int cores)
    {
        return String.format(Locale.ROOT, "# Dafka vs Apache Kafka: `%s`%n%n", command)
            + Usage.warning(results.usage(), cores)
            + String.format(Locale.ROOT, "%n%s, %d cores, %s %s, Java %s; the run took %.0f s, load average "
                + "%.2f at its peak.%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), cores, System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), seconds,
                Usage.peakLoad(results.usage()))
            + String.format(Locale.ROOT, "%d measured rounds after %d warm-up round(s); each round runs every "
                + "entrant once, in reverse order every other round, through the same Kafka-interface code. A "
                + "ratio is the median of the per-round ratios (candidate of round i / baseline of round i), with "
                + "their minimum and maximum. One Kafka broker and Dafka's tower and store each run in a JVM of "
                + "their own.%n%n", scale.trials(), scale.warmUps())
            + "What each row promises when the producer's send is acknowledged:\n\n"
            + LEGEND_ROWS.stream().map(row -> "- " + row + "\n").collect(Collectors.joining())
            + "\n" + results.markdown()
            + notes(scale)
            + "\n## Load and CPU time per workload\n\n"
            + Usage.table(results.usage())
            + "\n![ratios](results.png)\n";
    }

    private static String notes(final Scale scale)
    {
        return String.format(Locale.ROOT, """

            - throughput: once a consumer (new group, earliest) has received a priming record from every producer, \
            one producer sends %,d (100 B) or %,d (1 KiB) records and flushes; producer = first send to flush, \
            delivered = first send to the consumer's last record, delivered and acked = first send to the later of \
            the consumer's last record and the flush (a flush returns once every record is acknowledged). The \
            JeroMQ reference runs in the same rounds: two-frame messages (a %d-byte header and the value) from a \
            publisher in the bench JVM to %d subscribers, each in a JVM and ZeroMQ context of its own; a \
            reference for the transport, not a ceiling.
            - CURVE: Dafka CURVE (a second Dafka, its own tower and stores, every socket of every node and client \
            speaking CURVE) runs in the throughput and latency rounds next to Dafka; its rows set each figure against \
            plain Dafka's (CURVE/plain: a rate below 1, or a latency above 1, is what CURVE costs).
            - scaling: delivered and acked with %d producers (aggregate, one topic) or %d topics (one producer) \
            against 1, on Kafka tuned and Dafka, and Dafka with more stores against 1 (values of %s B).
            - latency: one producer sends %,d rec/s (linger.ms=0) with the scheduled send time in each value; \
            receive − scheduled send in an HdrHistogram, the first %d ms of each trial left out.
            - first record: from constructing a new consumer to the first of the records stored before; Kafka with \
            group.id subscribes (group join), without assigns and seeks to the beginning; Dafka subscribes with \
            auto.offset.reset=earliest in both rows.
            - catch-up: from constructing a new consumer (new group, earliest) to the last of %,d stored records.
            - commit: consumers (a new group each) that read a stored record call commitSync with one partition's \
            offset, %,d times back to back: one consumer alone (latency of each call, and the rate), then %d \
            consumers at once, each from its own thread (total rate). Durability when commitSync returns: Kafka \
            has appended it to the broker's __consumer_offsets log (one broker, replication 1, Kafka's default \
            log.flush settings: not fsynced, in the OS page cache); Dafka has written it to the group's offsets \
            journal and fsynced it (fdatasync; commits arriving during a write share the next one).
            """, scale.smallRecords(), scale.largeRecords(), JeroMqReference.HEADER_BYTES,
            JeroMqReference.SUBSCRIBERS, ScalingWorkload.PRODUCERS, ScalingWorkload.TOPICS,
            scale.scalingSizes().stream().map(String::valueOf).collect(Collectors.joining(" and ")),
            scale.latencyRate(), scale.latencyWarmUp().toMillis(), scale.catchUpRecords(), scale.commits(),
            CommitWorkload.THREADS) + GroupWorkload.notes(scale);
    }

    private static void write(final Path file, final String text)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static void defaultProperty(final String key, final String value)
    {
        if (System.getProperty(key) == null)
        {
            System.setProperty(key, value);
        }
    }
}
