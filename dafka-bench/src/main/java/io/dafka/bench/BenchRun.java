package io.dafka.bench;

import java.util.List;
import java.util.Optional;

/** One run: starts Kafka and Dafka once, runs the selected workloads on both in turn, stops both. */
final class BenchRun
{
    /** Every workload, in the order a run takes them (the JeroMQ ceiling refers to the throughput rows). */
    static final List<Workload> WORKLOADS = List.of(new ThroughputWorkload(), new LatencyWorkload(),
        new FirstRecordWorkload(), new CatchUpWorkload(), new JeroMqCeilingWorkload(), new CommitWorkload());

    private BenchRun()
    {
    }

    /** The workload named {@code name}, if there is one. */
    static Optional<Workload> workload(final String name)
    {
        return WORKLOADS.stream().filter(workload -> workload.name().equals(name)).findFirst();
    }

    /** Runs {@code workloads} at {@code scale}, adding their rows and trials to {@code results}. */
    static void run(final Scale scale, final List<Workload> workloads, final Results results)
    {
        try (KafkaTarget kafka = KafkaTarget.start(); DafkaTarget dafka = DafkaTarget.start())
        {
            results.progress("started " + kafka + " and " + dafka);
            final Contenders contenders = new Contenders(kafka, dafka);
            for (final Workload workload : workloads)
            {
                final long start = System.nanoTime();
                workload.run(contenders, scale, results);
                results.progress(String.format("%s done in %.1f s", workload.name(), (System.nanoTime() - start) / 1e9));
            }
        }
    }
}
