package io.dafka.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much every workload does in one run.
 *
 * @param warmUps          unmeasured rounds before the measured ones (throughput, scaling, first record, catch-up)
 * @param sizes            the value sizes of the throughput workload
 * @param trials           measured rounds per system
 * @param smallRecords     records per throughput trial of 100-byte values
 * @param largeRecords     records per throughput trial of 1 KiB values
 * @param latencyRate      records per second sent in the latency workload
 * @param latencyWarmUp    how long the latency workload sends before it records (per trial)
 * @param latencyMeasured  how long it records (per trial)
 * @param storedRecords    records stored before the first-record workload
 * @param catchUpRecords   records a new consumer catches up with
 * @param commits          back-to-back commits per consumer in the commit workload
 * @param scalingSizes     the value sizes of the scaling workload
 * @param storeCounts      the numbers of Dafka stores it compares, the first being the baseline (none: no such rows)
 */
record Scale(int warmUps, int trials, List<Integer> sizes, int smallRecords, int largeRecords, int latencyRate, Duration latencyWarmUp,
             Duration latencyMeasured, int storedRecords, int catchUpRecords, int commits, List<Integer> scalingSizes,
             List<Integer> storeCounts)
{
    private static final List<Integer> BOTH_SIZES = List.of(ThroughputWorkload.SMALL, ThroughputWorkload.LARGE);

    /** {@code ./dafka bench --quick}: 3 rounds, smaller workloads, scaling with 100 B only. */
    static final Scale QUICK = new Scale(1, 3, BOTH_SIZES, 30_000, 5_000, 10_000, Duration.ofSeconds(1),
        Duration.ofSeconds(2), 1_000, 30_000, 500, List.of(ThroughputWorkload.SMALL), List.of(1, 2, 3));

    /** {@code ./dafka bench}: the full run. */
    static final Scale FULL = new Scale(1, 5, BOTH_SIZES, 200_000, 60_000, 10_000, Duration.ofSeconds(5),
        Duration.ofSeconds(15), 1_000, 1_000_000, 2_000, BOTH_SIZES, List.of(1, 2, 3));

    /** Records the latency workload sends per trial, warm-up included. */
    int latencyRecords()
    {
        return (int)((latencyWarmUp.toMillis() + latencyMeasured.toMillis()) * latencyRate / 1000);
    }

    /** Records of the latency warm-up, excluded from the histogram. */
    int latencyWarmUpRecords()
    {
        return (int)(latencyWarmUp.toMillis() * latencyRate / 1000);
    }
}
