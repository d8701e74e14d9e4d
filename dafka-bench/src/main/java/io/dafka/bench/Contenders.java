package io.dafka.bench;

import java.util.List;

/**
 * The systems of a run: Kafka's rows on one broker (client defaults, tuned for throughput, tuned and fsyncing
 * every append), Dafka, and the JeroMQ reference.
 */
record Contenders(KafkaTarget kafka, KafkaTarget kafkaTuned, KafkaTarget kafkaDurable, DafkaTarget dafka,
                  JeroMqReference reference)
{
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
