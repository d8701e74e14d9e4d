package io.dafka.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * Dafka's send-to-ACK latency with {@code acks=1} and with {@code acks=all} waiting for 2 distinct stores, side by
 * side in one run against the same two stores (the caller runs a second store for it). A producer sends 100-byte
 * records on a fixed schedule ({@code linger.ms=0}); each send's latency is its callback time minus its scheduled
 * time, warm-up left out.
 */
final class AckLatency
{
    static final String ACKS_ONE = "Dafka acks=1";
    static final String ACKS_ALL = "Dafka acks=all, 2 stores";

    /** The two settings, as entrants of the rounds. */
    record Acks(String name, int minStores) implements Entrant
    {
        static final List<Acks> BOTH = List.of(new Acks(ACKS_ONE, 1), new Acks(ACKS_ALL, 2));
    }

    private static final int SIZE = 100;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final BenchTarget dafka;

    AckLatency(final BenchTarget dafka)
    {
        this.dafka = dafka;
    }

    /** One trial: {@code acks=1} ({@code minStores} 1) or {@code acks=all} with {@code minStores} stores. */
    Outcome trial(final String topic, final Scale scale, final int minStores, final Map<String, Double> percentiles)
    {
        final int total = scale.latencyRecords();
        final int warmUp = scale.latencyWarmUpRecords();
        final long period = TimeUnit.SECONDS.toNanos(1) / scale.latencyRate();
        final Map<String, Object> config = new HashMap<>(dafka.clientConfig());
        config.put("acks", minStores == 1 ? "1" : "all");
        config.put("dafka.min.stores", minStores);
        config.put("linger.ms", 0);
        final Histogram micros = new Histogram(HIGHEST_MICROS, 3);
        final AtomicLong acked = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        try (Producer<byte[], byte[]> producer = KafkaClientFactory.producer(config, new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            producer.partitionsFor(topic);
            final long start = System.nanoTime();
            for (int i = 0; i < total; i++)
            {
                final long scheduled = start + i * period;
                final long wait = scheduled - System.nanoTime();
                if (wait > 0)
                {
                    LockSupport.parkNanos(wait);
                }
                final boolean measured = i >= warmUp;
                producer.send(new ProducerRecord<>(topic, SequenceProducer.value(SIZE, i)), (metadata, exception) ->
                {
                    if (exception != null)
                    {
                        errors.incrementAndGet();
                        return;
                    }
                    acked.incrementAndGet();
                    if (measured)
                    {
                        synchronized (micros)
                        {
                            micros.recordValue(Math.min(HIGHEST_MICROS,
                                Math.max(0, (System.nanoTime() - scheduled) / 1_000)));
                        }
                    }
                });
            }
            producer.flush();
        }
        final Map<String, Double> figures = new LinkedHashMap<>();
        synchronized (micros)
        {
            percentiles.forEach((figure, percentile) -> figures.put(figure, percentile > 100
                ? micros.getMaxValue() / 1_000.0
                : micros.getValueAtPercentile(percentile) / 1_000.0));
        }
        return new Outcome(figures, total, acked.get(), 0, errors.get());
    }

    /** The ratio's budget from the issue: acks=all with 2 stores at most 1.5x acks=1 at p50. */
    static String verdict(final List<Outcome> acksOne, final List<Outcome> acksAll)
    {
        final double one = Results.median(Results.values(acksOne, "p50"));
        final double all = Results.median(Results.values(acksAll, "p50"));
        final double ratio = all / one;
        return String.format("ACK latency p50: acks=1 %s ms, acks=all (2 stores) %s ms, ratio %.2f (budget 1.50: %s)",
            Results.number(one), Results.number(all), ratio, ratio <= 1.5 ? "within" : "OVER BUDGET");
    }
}
