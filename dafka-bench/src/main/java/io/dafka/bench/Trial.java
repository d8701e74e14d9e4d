package io.dafka.bench;

/** One measurement of one system, on topics whose names start with {@code topicPrefix} (new for every trial). */
@FunctionalInterface
interface Trial
{
    Outcome run(BenchTarget target, String topicPrefix);
}
