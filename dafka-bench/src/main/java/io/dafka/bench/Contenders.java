package io.dafka.bench;

import java.util.List;

/**
 * The systems of a run: Kafka's rows on one broker (client defaults, tuned for throughput, tuned and fsyncing
 * every append), Dafka, Dafka with CURVE on, and the JeroMQ reference.
 *
 * @param dafkaCurve Dafka with CURVE on ({@link DafkaTarget#launchSecured()}); null unless a workload of the run
 *                   {@link Workload#comparesCurve() compares CURVE}
 */
record Contenders(KafkaTarget kafka, KafkaTarget kafkaTuned, KafkaTarget kafkaDurable, DafkaTarget dafka,
                  DafkaTarget dafkaCurve, JeroMqReference reference)
{
    /**
     * Dafka with CURVE on.
     *
     * @throws IllegalStateException if the run did not start it (no workload said it compares CURVE)
     */
    DafkaTarget curve()
    {
        if (dafkaCurve == null)
        {
            throw new IllegalStateException("Dafka CURVE was not started: the workload must say comparesCurve()");
        }
        return dafkaCurve;
    }

    /** Kafka at its defaults and Dafka: the workloads where batching settings do not matter. */
    List<BenchTarget> both()
    {
        return List.of(kafka, dafka);
    }

    /** Every Kafka row. */
    List<KafkaTarget> kafkaRows()
    {
        return List.of(kafka, kafkaTuned, kafkaDurable);
    }

    /** Every Kafka row and Dafka. */
    List<BenchTarget> all()
    {
        return List.of(kafka, kafkaTuned, kafkaDurable, dafka);
    }
}
