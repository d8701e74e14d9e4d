package io.dafka.bench;

import java.util.List;
import java.util.Map;

/**
 * Workload 1: producer → consumer throughput with 100-byte and 1 KiB records ({@link ProducerConsumerTrial}).
 * Kafka: {@code acks=all} on one broker; Dafka: {@code acks=1} with one durable store fsyncing per batch.
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

    /** The figure name of the end-to-end rate with values of {@code size} bytes. */
    static String endToEndFigure(final int size)
    {
        return "end-to-end, " + size + " B";
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        for (final int size : List.of(SMALL, LARGE))
        {
            final int records = size == SMALL ? scale.smallRecords() : scale.largeRecords();
            final Map<String, List<Outcome>> measured = Trials.alternate("throughput " + size + " B",
                contenders.both(), scale.warmUps(), scale.trials(), new ProducerConsumerTrial(records, size), results);
            final List<Outcome> kafka = measured.get(contenders.kafka().name());
            final List<Outcome> dafka = measured.get(contenders.dafka().name());
            results.compare(name(), "producer, " + size + " B", "rec/s", true, kafka, dafka,
                ProducerConsumerTrial.PRODUCER_RATE);
            results.compare(name(), endToEndFigure(size), "rec/s", true, kafka, dafka,
                ProducerConsumerTrial.END_TO_END_RATE);
        }
    }
}
