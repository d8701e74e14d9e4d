package io.dafka.system.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.ChildJvm;

/**
 * {@code many-producers}: many Kafka producers on one topic, spread over several JVMs ({@link ManyProducersProcess};
 * 200 in 4 JVMs at long scale, 40 in 2 quick), each its own partition, with 2 consumers of their own groups and 1
 * store daemon, every process in its own JVM, the tower too. Every record must be acknowledged (so stored) and reach
 * both consumers once, in order per partition; the figure reports the file descriptors, threads and resident memory
 * of every process while every producer is open.
 */
public final class ManyProducersScenario implements Scenario
{
    private static final String TOPIC = "many-producers";
    private static final Pattern ACKED = Pattern.compile("ACKED (\\d+) failed (.*)");
    private static final Pattern RECEIVED = Pattern.compile(
        "RECEIVED distinct=(\\d+) duplicated=(\\d+) reordered=(\\d+) keys=(\\d+) millis=(\\d+)");
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration DELIVERY = Duration.ofMinutes(5);

    @Override
    public String name()
    {
        return "many-producers";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int jvms = scale.records(2, 4);
        final int perJvm = scale.records(20, 50);
        final int records = scale.records(250, 1_000);
        final long total = (long)jvms * perJvm * records;
        final List<ChildJvm> children = new ArrayList<>();
        try (ScratchDirectory directory = new ScratchDirectory("dafka-many-producers");
             TowerDaemon tower = TowerDaemon.start();
             StoreDaemon store = StoreDaemon.launch(directory.resolve("store"), tower.sub(), tower.pub());
             AutoCloseable stopChildren = () -> children.forEach(ChildJvm::close))
        {
            store.awaitReady();
            final List<ChildJvm> consumers = new ArrayList<>();
            for (int i = 0; i < 2; i++)
            {
                final ChildJvm consumer = ChildJvm.start(EveryRecordConsumerProcess.class, tower.sub(), tower.pub(),
                    TOPIC, "many-producers-" + i, directory.resolve("offsets-" + i).toString(), Long.toString(total),
                    Long.toString(DELIVERY.toSeconds()));
                children.add(consumer);
                consumers.add(consumer);
            }
            for (final ChildJvm consumer : consumers)
            {
                consumer.awaitLine("SUBSCRIBED", START);
            }
            final long start = System.nanoTime();
            final List<ChildJvm> producers = new ArrayList<>();
            for (int j = 0; j < jvms; j++)
            {
                final ChildJvm producer = ChildJvm.start(ManyProducersProcess.class, tower.sub(), tower.pub(), TOPIC,
                    Integer.toString(perJvm), Integer.toString(records), Long.toString((long)j * perJvm));
                children.add(producer);
                producers.add(producer);
            }
            long acked = 0;
            final List<String> failures = new ArrayList<>();
            for (final ChildJvm producer : producers)
            {
                final Matcher line = matched(ACKED, producer.awaitLine("ACKED ", DELIVERY.plus(START)));
                acked += Long.parseLong(line.group(1));
                if (!line.group(2).equals("-"))
                {
                    failures.add(line.group(2));
                }
            }
            final Duration sent = Duration.ofNanos(System.nanoTime() - start);
            long delivered = total;
            long duplicated = 0;
            long reordered = 0;
            long slowest = 0;
            for (final ChildJvm consumer : consumers)
            {
                final Matcher line = matched(RECEIVED, consumer.awaitLine("RECEIVED ", DELIVERY.plus(START)));
                delivered = Math.min(delivered, Long.parseLong(line.group(1)));
                duplicated += Long.parseLong(line.group(2));
                reordered += Long.parseLong(line.group(3));
                slowest = Math.max(slowest, Long.parseLong(line.group(5)));
            }
            final String usage = "tower " + ProcessUsage.of(tower.pid()) + "; store " +
                ProcessUsage.of(store.process().pid()) + "; producer JVMs " + usages(producers) + "; consumers " +
                usages(consumers);
            children.forEach(ManyProducersScenario::release);
            return new Figure(name(), total, delivered, total - delivered, duplicated, reordered,
                Duration.ofMillis(slowest), String.format("%d producers in %d JVMs x %d records, 2 consumers, 1 store;"
                    + " acked=%d in %d ms; %s", jvms * perJvm, jvms, records, acked, sent.toMillis(), usage), null)
                .withProblemIf(acked != total, (total - acked) + " records never acknowledged: " + failures)
                .withProblemIf(!failures.isEmpty(), "sends failed: " + failures);
        }
    }

    private static Matcher matched(final Pattern pattern, final String line)
    {
        final Matcher matcher = pattern.matcher(line);
        if (!matcher.matches())
        {
            throw new IllegalStateException("unexpected line: " + line);
        }
        return matcher;
    }

    private static List<ProcessUsage> usages(final List<ChildJvm> processes) throws IOException
    {
        final List<ProcessUsage> usages = new ArrayList<>();
        for (final ChildJvm process : processes)
        {
            usages.add(ProcessUsage.of(process.process().pid()));
        }
        return usages;
    }

    /** Lets a child that waits on its stdin close its clients and exit. */
    private static void release(final ChildJvm child)
    {
        try
        {
            child.send("exit");
        }
        catch (final IOException gone)
        {
            // it exited already: nothing to release
        }
    }
}
