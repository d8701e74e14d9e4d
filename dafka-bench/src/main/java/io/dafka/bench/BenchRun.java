package io.dafka.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.dafka.realkafka.ProcessKafka;
import io.dafka.realkafka.RealKafka;

/**
 * One run: starts Kafka's broker and Dafka's tower and store (each in a JVM of its own) once, and a second Dafka
 * with CURVE on if a selected workload compares it, runs the selected workloads, recording the load average and
 * each process's CPU time around each, and stops them all.
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
        run(scale, workloads, results, contenders -> { });
    }

    /**
     * Like {@link #run(Scale, List, Results)}, and hands the contenders to {@code after} once the workloads ran,
     * before they stop (a test checks what the workloads ran against).
     */
    static void run(final Scale scale, final List<Workload> workloads, final Results results,
                    final Consumer<Contenders> after)
    {
        final boolean curve = workloads.stream().anyMatch(Workload::comparesCurve);
        // Dafka's and the reference's JVMs start while the broker does; a null resource is not closed.
        try (DafkaTarget dafka = DafkaTarget.launch();
             DafkaTarget secured = curve ? DafkaTarget.launchSecured() : null;
             JeroMqReference reference = new JeroMqReference(); RealKafka broker = RealKafka.start())
        {
            dafka.awaitReady();
            if (secured != null)
            {
                secured.awaitReady();
            }
            final Contenders contenders = new Contenders(KafkaTarget.defaults(broker), KafkaTarget.tuned(broker),
                KafkaTarget.durable(broker), dafka, secured, reference);
            results.progress("started Kafka " + broker + " and " + dafka
                + (secured == null ? "" : " and " + secured));
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
            after.accept(contenders);
        }
    }

    /**
     * CPU seconds so far of the run's processes by name: this JVM, the broker (when it is a child JVM), Dafka's
     * tower and stores (and those with CURVE on), the JeroMQ reference's subscribers.
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
        if (contenders.dafkaCurve() != null)
        {
            peers.addAll(contenders.dafkaCurve().processes());
        }
        peers.addAll(contenders.reference().processes());
        peers.forEach(peer -> seconds.put(peer.name(), peer.cpuSeconds()));
        return seconds;
    }
}
