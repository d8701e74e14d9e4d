package io.dafka.bench;

/** One measurement of one system; {@code topic} is a name no other trial used. */
@FunctionalInterface
interface Trial
{
    Outcome run(BenchTarget target, String topic);
}
