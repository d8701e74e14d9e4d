package io.dafka.bench;

import java.util.ArrayList;
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
        new LatencyWorkload(), new FirstRecordWorkload(), new CatchUpWorkload(), new CommitWorkload(),
        new GroupWorkload());

    private BenchRun()
    {
    }

    /**
     * The workload named {@code name}, if there is one; {@code jeromq} (the old name of the JeroMQ workload) is
     * the throughput workload, which now measures the JeroMQ reference in its rounds.
     */
    static Optional<Workload> workload(final String name)
    {
        final String wanted = name.equals("jeromq") ? "throughput" : name;
        return WORKLOADS.stream().filter(workload -> workload.name().equals(wanted)).findFirst();
    }

    /** Runs {@code workloads} at {@code scale}, adding their rows, trials and usage to {@code results}. */
    static void run(final Scale scale, final List<Workload> workloads, final Results results)
    {
        // Dafka's and the reference's JVMs start while the broker does.
        try (DafkaTarget dafka = DafkaTarget.launch(); JeroMqReference reference = new JeroMqReference();
             RealKafka broker = RealKafka.start())
        {
            dafka.awaitReady();
            final Contenders contenders = new Contenders(KafkaTarget.defaults(broker), KafkaTarget.tuned(broker),
                KafkaTarget.durable(broker), dafka, reference);
            results.progress("started Kafka " + broker + " and " + dafka);
            for (final Workload workload : workloads)
            {
                final double loadBefore = Usage.loadAverage();
                final Map<String, Double> cpuBefore = cpuSeconds(broker, contenders);
                final long start = System.nanoTime();
                workload.run(contenders, scale, results);
                final double seconds = (System.nanoTime() - start) / 1e9;
                final Usage.Sample sample = new Usage.Sample(workload.name(), seconds, loadBefore, Usage.loadAverage(),
                    Usage.spent(cpuBefore, cpuSeconds(broker, contenders)));
                results.usage(sample);
                results.progress(String.format("%s done in %.1f s; load %.2f → %.2f", workload.name(), seconds,
                    sample.loadBefore(), sample.loadAfter()));
            }
        }
    }

    /**
     * CPU seconds so far of the run's processes by name: this JVM, the broker (when it is a child JVM), Dafka's
     * tower and stores, the JeroMQ reference's subscribers.
     */
    private static Map<String, Double> cpuSeconds(final RealKafka broker, final Contenders contenders)
    {
        final Map<String, Double> seconds = new LinkedHashMap<>();
        Usage.cpuSeconds(ProcessHandle.current().pid()).ifPresent(cpu -> seconds.put("bench JVM", cpu));
        if (broker instanceof ProcessKafka process)
        {
            Usage.cpuSeconds(process.pid()).ifPresent(cpu -> seconds.put("Kafka broker", cpu));
        }
        final List<PeerProcess> peers = new ArrayList<>(contenders.dafka().processes());
        peers.addAll(contenders.reference().processes());
        peers.forEach(peer -> seconds.put(peer.name(), peer.cpuSeconds()));
        return seconds;
    }
}
