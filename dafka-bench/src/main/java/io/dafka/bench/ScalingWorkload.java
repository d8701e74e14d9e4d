package io.dafka.bench;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Workload: how throughput scales ({@link ProducerConsumerTrial}'s delivered-and-acked rate). 1 against 4
 * producers (aggregate, one topic, each producer in a thread of its own) and 1 against 10 topics (one producer
 * writing to them in turn) on Kafka tuned and Dafka, each setting against the single one of the same system and
 * Dafka against Kafka; then Dafka with 1, 2 and 3 stores (each in its own JVM), against the first. Each setting is
 * an entrant of the same rounds, so the ratios pair trials of the same round.
 */
final class ScalingWorkload implements Workload
{
    static final int PRODUCERS = 4;
    static final int TOPICS = 10;

    /** One system at one setting: an entrant of the rounds. */
    private record Setting(String name, BenchTarget target, ProducerConsumerTrial trial, int stores) implements Entrant
    {
    }

    @Override
    public String name()
    {
        return "scaling";
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        for (final int size : scale.scalingSizes())
        {
            final int records = size == ThroughputWorkload.SMALL ? scale.smallRecords() : scale.largeRecords();
            systems(contenders, scale, results, size, "producers", count -> count == 1 ? "1 producer"
                : count + " producers", PRODUCERS, count -> new ProducerConsumerTrial(records, size, count, 1));
            systems(contenders, scale, results, size, "topics", count -> count == 1 ? "1 topic" : count + " topics",
                TOPICS, count -> new ProducerConsumerTrial(records, size, 1, count));
            if (scale.storeCounts().size() > 1)
            {
                stores(contenders.dafka(), scale, results, size, new ProducerConsumerTrial(records, size));
            }
        }
    }

    /** Kafka tuned and Dafka at 1 and at {@code many}. */
    private void systems(final Contenders contenders, final Scale scale, final Results results, final int size,
                         final String dimension, final IntFunction<String> label, final int many,
                         final IntFunction<ProducerConsumerTrial> trial)
    {
        final BenchTarget kafka = contenders.kafkaTuned();
        final BenchTarget dafka = contenders.dafka();
        final List<Setting> settings = List.of(
            new Setting(kafka.name() + ", " + label.apply(1), kafka, trial.apply(1), 1),
            new Setting(kafka.name() + ", " + label.apply(many), kafka, trial.apply(many), 1),
            new Setting("Dafka, " + label.apply(1), dafka, trial.apply(1), 1),
            new Setting("Dafka, " + label.apply(many), dafka, trial.apply(many), 1));
        final Map<String, List<Outcome>> measured = measure(contenders.dafka(), scale, results,
            String.format("scaling %s %d B", dimension, size), settings);
        final String workload = String.format("scaling, %s, %d B", dimension, size);
        final String figure = "delivered and acked, " + label.apply(many) + " / " + label.apply(1);
        for (int i = 0; i < settings.size(); i += 2)
        {
            results.versus(workload, figure, "rec/s", true, settings.get(i).name(),
                measured.get(settings.get(i).name()), settings.get(i + 1).name(),
                measured.get(settings.get(i + 1).name()), Double.NaN, ProducerConsumerTrial.ACKED_RATE);
        }
        results.compare(workload, "delivered and acked, " + label.apply(many), "rec/s", true, settings.get(1).name(),
            measured.get(settings.get(1).name()), measured.get(settings.get(3).name()),
            ProducerConsumerTrial.ACKED_RATE);
    }

    /** Dafka with each of the scale's numbers of stores; leaves 1 running. */
    private void stores(final DafkaTarget dafka, final Scale scale, final Results results, final int size,
                        final ProducerConsumerTrial trial)
    {
        final List<Setting> settings = scale.storeCounts().stream().map(count -> new Setting(
            "Dafka, " + count + (count == 1 ? " store" : " stores"), dafka, trial, count)).toList();
        final Map<String, List<Outcome>> measured = measure(dafka, scale, results,
            String.format("scaling stores %d B", size), settings);
        final String workload = String.format("scaling, stores, %d B", size);
        for (int i = 1; i < settings.size(); i++)
        {
            results.versus(workload, "delivered and acked, " + settings.get(i).stores() + " / "
                + settings.get(0).stores() + " stores",
                "rec/s", true, settings.get(0).name(), measured.get(settings.get(0).name()), settings.get(i).name(),
                measured.get(settings.get(i).name()), Double.NaN, ProducerConsumerTrial.ACKED_RATE);
        }
    }

    private static Map<String, List<Outcome>> measure(final DafkaTarget dafka, final Scale scale,
                                                      final Results results, final String label,
                                                      final List<Setting> settings)
    {
        try
        {
            return Trials.alternate(label, settings, scale.warmUps(), scale.trials(), (setting, topic) ->
            {
                if (setting.target() == dafka)
                {
                    dafka.stores(setting.stores());
                }
                return setting.trial().run(setting.target(), topic);
            }, results);
        }
        finally
        {
            dafka.stores(1);
        }
    }
}
