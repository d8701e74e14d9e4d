package io.dafka.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Workload 1: producer → consumer throughput with 100-byte and 1 KiB records ({@link ProducerConsumerTrial}) on
 * every Kafka row (defaults, tuned, durable), Dafka and Dafka with CURVE on, with the {@link JeroMqReference}
 * measured in the same rounds; each Dafka figure is set against each Kafka row's, Dafka's delivery rate against the
 * reference's, and each figure of Dafka with CURVE against plain Dafka's.
 */
final class ThroughputWorkload implements Workload
{
    static final int SMALL = 100;
    static final int LARGE = 1024;

    @Override
    public String name()
    {
        return "throughput";
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        final JeroMqReference reference = contenders.reference();
        for (final int size : scale.sizes())
        {
            final int records = size == SMALL ? scale.smallRecords() : scale.largeRecords();
            final ProducerConsumerTrial trial = new ProducerConsumerTrial(records, size);
            final List<Entrant> entrants = new ArrayList<>(contenders.all());
            entrants.add(contenders.curve());
            entrants.add(reference);
            final Map<String, List<Outcome>> measured = Trials.alternate("throughput " + size + " B", entrants,
                scale.warmUps(), scale.trials(), (entrant, topic) -> entrant instanceof BenchTarget target
                    ? trial.run(target, topic)
                    : reference.trial(records, size), results);
            final List<Outcome> dafka = measured.get(contenders.dafka().name());
            for (final KafkaTarget kafka : contenders.kafkaRows())
            {
                ProducerConsumerTrial.compare(results, name(), size, kafka.name(), measured.get(kafka.name()),
                    dafka);
            }
            results.reference(name(), "delivered, " + size + " B; JeroMQ: 2 frames to 2 subscribers", "rec/s",
                measured.get(reference.name()), dafka, ProducerConsumerTrial.END_TO_END_RATE);
            ProducerConsumerTrial.versus(results, name(), size, contenders.dafka().name(), dafka,
                contenders.curve().name(), measured.get(contenders.curve().name()));
        }
    }

    @Override
    public boolean comparesCurve()
    {
        return true;
    }
}
