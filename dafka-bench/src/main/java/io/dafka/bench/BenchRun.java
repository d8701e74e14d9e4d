package io.dafka.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.dafka.realkafka.ProcessKafka;
import io.dafka.realkafka.RealKafka;

/**
 * One run: starts Kafka's broker and Dafka's tower and store (each in a JVM of its own) once, runs the selected
 * workloads, recording the load average and each process's CPU time around each, and stops them all.
 */
final class BenchRun
{
    /** Every workload, in the order a run takes them. */
    static final List<Workload> WORKLOADS = List.of(new ThroughputWorkload(), new ScalingWorkload(),
        new LatencyWorkload(), new FirstRecordWorkload(), new CatchUpWorkload(), new CommitWorkload());

    private BenchRun()
    {
    }

    /** The workload named {@code name}, if there is one. */
    static Optional<Workload> workload(final String name)
    {
        return WORKLOADS.stream().filter(workload -> workload.name().equals(name)).findFirst();
    }

    /** Runs {@code workloads} at {@code scale}, adding their rows, trials and usage to {@code results}. */
    static void run(final Scale scale, final List<Workload> workloads, final Results results)
    {
        try (RealKafka broker = RealKafka.start(); DafkaTarget dafka = DafkaTarget.start())
        {
            final Contenders contenders = new Contenders(KafkaTarget.defaults(broker), KafkaTarget.tuned(broker),
                KafkaTarget.durable(broker), dafka);
            results.progress("started Kafka " + broker + " and " + dafka);
            for (final Workload workload : workloads)
            {
                final double loadBefore = Usage.loadAverage();
                final Map<String, Double> cpuBefore = Usage.cpuSeconds(processes(broker, dafka));
                final long start = System.nanoTime();
                workload.run(contenders, scale, results);
                final double seconds = (System.nanoTime() - start) / 1e9;
                final Usage.Sample sample = new Usage.Sample(workload.name(), seconds, loadBefore, Usage.loadAverage(),
                    Usage.spent(cpuBefore, Usage.cpuSeconds(processes(broker, dafka))));
                results.usage(sample);
                results.progress(String.format("%s done in %.1f s; load %.2f → %.2f; CPU s %s", workload.name(),
                    seconds, sample.loadBefore(), sample.loadAfter(), sample.cpuSeconds()));
            }
        }
    }

    /** The run's processes by name: this JVM, the broker's (when it is a child JVM), Dafka's tower and stores. */
    private static Map<String, Long> processes(final RealKafka broker, final DafkaTarget dafka)
    {
        final Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("bench JVM", ProcessHandle.current().pid());
        if (broker instanceof ProcessKafka process)
        {
            pids.put("Kafka broker", process.pid());
        }
        dafka.processes().forEach(peer -> pids.put(peer.name(), peer.pid()));
        return pids;
    }
}
