package io.dafka.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Workload 2: end-to-end latency at a fixed rate, 100-byte records. The producer sends on a fixed schedule and
 * writes each record's scheduled send time into its value (bytes 8-15), so a stalled send counts against the
 * latency of the records queued behind it; the consumer records receive − scheduled send into an HdrHistogram,
 * leaving out the records of the warm-up phase. Producers use {@code linger.ms=0}. Kafka at its defaults, Dafka and
 * Dafka with CURVE on run in the same rounds; Dafka is set against Kafka, and Dafka with CURVE against plain Dafka
 * (p50 and p99). Then Dafka alone: send-to-ACK latency with {@code acks=1} and {@code acks=all} waiting for 2
 * stores, alternating ({@link AckLatency}).
 */
final class LatencyWorkload implements Workload
{
    private static final int SIZE = 100;
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);
    private static final Map<String, Double> PERCENTILES = percentiles();
    /** The figures of the CURVE/plain rows. */
    private static final List<String> CURVE_FIGURES = List.of("p50", "p99");

    @Override
    public String name()
    {
        return "latency";
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        final String label = String.format("latency %,d rec/s", scale.latencyRate());
        final List<BenchTarget> targets = new ArrayList<>(contenders.both());
        targets.add(contenders.curve());
        final Map<String, List<Outcome>> measured = Trials.alternate(label, targets, 0, scale.trials(),
            (target, topic) -> trial(target, topic, scale), results);
        final String workload = String.format("latency at %,d rec/s, %d B", scale.latencyRate(), SIZE);
        final List<Outcome> dafka = measured.get(contenders.dafka().name());
        for (final String figure : PERCENTILES.keySet())
        {
            results.compare(workload, figure, "ms", false, contenders.kafka().name(),
                measured.get(contenders.kafka().name()), dafka, figure);
        }
        for (final String figure : CURVE_FIGURES)
        {
            results.versus(workload, figure, "ms", false, contenders.dafka().name(), dafka, contenders.curve().name(),
                measured.get(contenders.curve().name()), Double.NaN, figure);
        }
        ackLatency(contenders.dafka(), scale, results);
    }

    @Override
    public boolean comparesCurve()
    {
        return true;
    }

    /** Dafka's send-to-ACK latency, acks=1 against acks=all with 2 stores, alternating in one run. */
    private static void ackLatency(final DafkaTarget dafka, final Scale scale, final Results results)
    {
        final String label = String.format("ack latency %,d rec/s", scale.latencyRate());
        final Map<String, List<Outcome>> measured;
        dafka.stores(2);
        try
        {
            final AckLatency ack = new AckLatency(dafka);
            measured = Trials.alternate(label, AckLatency.Acks.BOTH, scale.warmUps(), scale.trials(),
                (acks, topic) -> ack.trial(topic, scale, acks.minStores(), PERCENTILES), results);
        }
        finally
        {
            dafka.stores(1);
        }
        final List<Outcome> one = measured.get(AckLatency.ACKS_ONE);
        final List<Outcome> all = measured.get(AckLatency.ACKS_ALL);
        final String workload = String.format("Dafka ACK latency at %,d rec/s, %d B, 2 stores", scale.latencyRate(),
            SIZE);
        results.versus(workload, "p50", "ms", false, AckLatency.ACKS_ONE, one, AckLatency.ACKS_ALL, all, 1.5, "p50");
        results.versus(workload, "p99", "ms", false, AckLatency.ACKS_ONE, one, AckLatency.ACKS_ALL, all, Double.NaN,
            "p99");
        results.progress(AckLatency.verdict(one, all));
    }

    private static Outcome trial(final BenchTarget target, final String topic, final Scale scale)
    {
        final int records = scale.latencyRecords();
        final int warmUp = scale.latencyWarmUpRecords();
        final long period = TimeUnit.SECONDS.toNanos(1) / scale.latencyRate();
        final long deadline = System.nanoTime() + scale.latencyWarmUp().plus(scale.latencyMeasured()).plus(GRACE)
            .toNanos();
        final Histogram micros = new Histogram(HIGHEST_MICROS, 3);
        final SequenceExchange.Exchanged run = SequenceExchange.run(target, topic, records, deadline,
            Map.of("linger.ms", 0), (sequence, value, received) ->
            {
                if (sequence >= warmUp)
                {
                    final long scheduled = ByteBuffer.wrap(value).getLong(Long.BYTES);
                    micros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (received - scheduled) / 1_000)));
                }
            }, (producer, index) ->
            {
                final long start = System.nanoTime();
                for (int i = 0; i < records; i++)
                {
                    final long scheduled = start + i * period;
                    final long wait = scheduled - System.nanoTime();
                    if (wait > 0)
                    {
                        LockSupport.parkNanos(wait);
                    }
                    final byte[] value = SequenceProducer.value(SIZE, i);
                    ByteBuffer.wrap(value).putLong(Long.BYTES, scheduled);
                    producer.send(value);
                }
            });
        final Map<String, Double> figures = new LinkedHashMap<>();
        PERCENTILES.forEach((figure, percentile) -> figures.put(figure, percentile > 100
            ? micros.getMaxValue() / 1_000.0
            : micros.getValueAtPercentile(percentile) / 1_000.0));
        return run.with(figures);
    }

    /** Figure names and percentiles; above 100 stands for the maximum. */
    private static Map<String, Double> percentiles()
    {
        final Map<String, Double> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", 50.0);
        percentiles.put("p99", 99.0);
        percentiles.put("p99.9", 99.9);
        percentiles.put("max", 101.0);
        return percentiles;
    }
}
