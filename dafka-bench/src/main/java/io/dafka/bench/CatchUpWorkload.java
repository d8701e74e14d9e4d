package io.dafka.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload 4: catch-up. Stores a topic of 100-byte records once per system, then times new consumers (a new group
 * each, {@code earliest}) from construction until they hold every record.
 */
final class CatchUpWorkload implements Workload
{
    private static final String RATE = "rec/s";
    private static final int SIZE = 100;
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(60);
    /** The deadline grows with the topic: at least this many records per second, else the trial fails. */
    private static final long SLOWEST_RATE = 5_000;

    @Override
    public String name()
    {
        return "catch-up";
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        final int records = scale.catchUpRecords();
        final Map<String, String> stored = new HashMap<>();
        for (final BenchTarget target : contenders.both())
        {
            final String topic = results.newTopic("catch-up stored");
            results.progress(String.format("catch-up: storing %,d records in %s", records, target.name()));
            SequenceProducer.store(target, topic, records, SIZE);
            stored.put(target.name(), topic);
        }
        final Map<String, List<Outcome>> measured = Trials.alternate("catch-up", contenders.both(), scale.warmUps(),
            scale.trials(), (target, unusedTopic) -> catchUp(target, stored.get(target.name()), records), results);
        results.compare(String.format("catch-up of %,d stored", records), "new consumer reads all", "rec/s", true,
            contenders.kafka().name(), measured.get(contenders.kafka().name()),
            measured.get(contenders.dafka().name()), RATE);
    }

    private static Outcome catchUp(final BenchTarget target, final String topic, final int records)
    {
        final long start = System.nanoTime();
        final SequenceConsumer consumer = SequenceConsumer.start(target, topic, records,
            start + MIN_TIMEOUT.plusSeconds(records / SLOWEST_RATE).toNanos(), (sequence, value, received) -> { });
        try
        {
            consumer.finish();
        }
        catch (final InterruptedException e)
        {
            consumer.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        final Map<String, Double> figures = new HashMap<>();
        figures.put(RATE, consumer.consumed() * 1e9 / Math.max(1, consumer.lastReceive() - start));
        return new Outcome(figures, records, consumer.consumed(), consumer.duplicates(), 0);
    }
}
