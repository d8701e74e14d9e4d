package io.dafka.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Producer → consumer throughput of Apache Kafka and Dafka through the same Kafka-interface code, trials
 * alternating Kafka, Dafka, Kafka, Dafka after one warm-up trial each; prints a progress line per trial and a
 * Markdown table of medians with the Dafka/Kafka ratio, also written to {@code bench-results/throughput.md}.
 * <pre>
 *   java -jar dafka-bench/target/dafka-bench.jar [records=1000000] [size=100] [trials=3] [warm-up records=records/5]
 * </pre>
 * Kafka: one broker ({@link io.dafka.realkafka.RealKafka#start()}), {@code acks=all}. Dafka: a tower and one durable
 * store (fsync per batch), {@code acks=1}. MB are 2<sup>20</sup> bytes of record values, as Kafka's perf tools.
 */
public final class ThroughputBench
{
    private static final double MB = 1024.0 * 1024.0;

    /**
     * The run's parameters.
     *
     * @param records records per trial
     * @param size    value bytes per record
     * @param trials  measured trials per system
     * @param warmUp  records of the warm-up trial per system; 0 for none
     */
    record Options(int records, int size, int trials, int warmUp)
    {
        static Options parse(final String[] args)
        {
            final int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
            final int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
            final int trials = args.length > 2 ? Integer.parseInt(args[2]) : 3;
            final int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : records / 5;
            if (records < 1 || size < ProducerConsumerTrial.MIN_SIZE || trials < 1 || warmUp < 0)
            {
                throw new IllegalArgumentException("usage: ThroughputBench [records>=1] [size>=8] [trials>=1] [warm-up>=0]");
            }
            return new Options(records, size, trials, warmUp);
        }
    }

    /** The measured trials of both systems. */
    record Report(Options options, List<ProducerConsumerTrial.Result> kafka, List<ProducerConsumerTrial.Result> dafka)
    {
        /** The Markdown table: each figure's median for Kafka and Dafka and the Dafka/Kafka ratio. */
        String markdown()
        {
            final StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT,
                "Producer → consumer throughput: %,d records × %d B, %d trials per system (medians), warm-up %,d records%n",
                options.records, options.size, options.trials, options.warmUp));
            out.append("Kafka: one broker, acks=all. Dafka: one durable store (fsync per batch), acks=1.\n\n");
            out.append("| figure | Kafka median | Dafka median | Dafka/Kafka |\n|---|---|---|---|\n");
            row(out, "producer rec/s (send to flush)", ProducerConsumerTrial.Result::producerRate, 1);
            row(out, "producer MB/s", ProducerConsumerTrial.Result::producerRate, options.size / MB);
            row(out, "end-to-end rec/s (first send to last receive)", ProducerConsumerTrial.Result::endToEndRate, 1);
            row(out, "end-to-end MB/s", ProducerConsumerTrial.Result::endToEndRate, options.size / MB);
            return out.toString();
        }

        private void row(final StringBuilder out, final String figure,
                         final ToDoubleFunction<ProducerConsumerTrial.Result> value, final double scale)
        {
            final double k = median(kafka, value) * scale;
            final double d = median(dafka, value) * scale;
            final String format = scale == 1 ? "%,.0f" : "%,.1f";
            out.append("| ").append(figure)
                .append(" | ").append(String.format(Locale.ROOT, format, k))
                .append(" | ").append(String.format(Locale.ROOT, format, d))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", d / k)).append(" |\n");
        }
    }

    private ThroughputBench()
    {
    }

    /** Runs the benchmark with {@code args} (see the class comment) and writes bench-results/throughput.md. */
    public static void main(final String[] args) throws Exception
    {
        defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        defaultProperty("org.slf4j.simpleLogger.log.io.dafka.realkafka", "info");
        // Testcontainers logs an ERROR when it finds no Docker engine; the broker then runs as a child JVM.
        defaultProperty("org.slf4j.simpleLogger.log.org.testcontainers", "off");
        // Kafka clients warn once per new topic that it does not exist yet, until auto-creation has made it.
        defaultProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        defaultProperty("chronicle.analytics.disable", "true");
        defaultProperty("chronicle.announcer.disable", "true");
        final Options options = Options.parse(args);
        final Report report = run(options);
        final String table = report.markdown();
        System.out.println();
        System.out.print(table);
        final Path file = Path.of("bench-results", "throughput.md");
        write(file, table);
        System.out.println("\nwritten to " + file.toAbsolutePath());
        final boolean complete = report.kafka.stream().allMatch(ProducerConsumerTrial.Result::complete)
            && report.dafka.stream().allMatch(ProducerConsumerTrial.Result::complete);
        System.exit(complete ? 0 : 1);
    }

    /**
     * Starts both systems, runs a warm-up trial on each (unless {@code warmUp} is 0), then {@code trials} trials
     * alternating Kafka and Dafka; stops both systems before it returns.
     */
    static Report run(final Options options)
    {
        final List<ProducerConsumerTrial.Result> kafkaResults = new ArrayList<>();
        final List<ProducerConsumerTrial.Result> dafkaResults = new ArrayList<>();
        try (KafkaTarget kafka = KafkaTarget.start(); DafkaTarget dafka = DafkaTarget.start())
        {
            progress("started " + kafka + " and " + dafka);
            final String run = Long.toString(System.currentTimeMillis(), 36);
            if (options.warmUp > 0)
            {
                trial(kafka, "warmup-" + run, options.warmUp, options.size, "warm-up");
                trial(dafka, "warmup-" + run, options.warmUp, options.size, "warm-up");
            }
            for (int i = 1; i <= options.trials; i++)
            {
                final String label = "trial " + i + "/" + options.trials;
                kafkaResults.add(trial(kafka, "bench-" + run + "-" + i, options.records, options.size, label));
                dafkaResults.add(trial(dafka, "bench-" + run + "-" + i, options.records, options.size, label));
            }
        }
        return new Report(options, kafkaResults, dafkaResults);
    }

    private static ProducerConsumerTrial.Result trial(final BenchTarget target, final String topic, final int records,
                                                      final int size, final String label)
    {
        final ProducerConsumerTrial.Result result = ProducerConsumerTrial.run(target, topic, records, size);
        progress(String.format(Locale.ROOT,
            "%-5s %-11s producer %,10.0f rec/s %6.1f MB/s | end-to-end %,10.0f rec/s %6.1f MB/s | consumed %,d/%,d, "
                + "duplicates %d, send errors %d%s",
            target.name(), label, result.producerRate(), result.producerRate() * size / MB, result.endToEndRate(),
            result.endToEndRate() * size / MB, result.consumed(), records, result.duplicates(), result.sendErrors(),
            result.complete() ? "" : "  INCOMPLETE"));
        return result;
    }

    static double median(final List<ProducerConsumerTrial.Result> results,
                         final ToDoubleFunction<ProducerConsumerTrial.Result> value)
    {
        final double[] values = results.stream().mapToDouble(value).sorted().toArray();
        final int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static void progress(final String line)
    {
        System.out.println("[bench] " + line);
        System.out.flush();
    }

    private static void write(final Path file, final String text)
    {
        try
        {
            Files.createDirectories(file.getParent());
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
