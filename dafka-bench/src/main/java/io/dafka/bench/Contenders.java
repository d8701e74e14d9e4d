package io.dafka.bench;

import java.util.List;

/** The two systems every comparison runs on: Kafka first in each round, then Dafka. */
record Contenders(BenchTarget kafka, BenchTarget dafka)
{
    List<BenchTarget> both()
    {
        return List.of(kafka, dafka);
    }
}
