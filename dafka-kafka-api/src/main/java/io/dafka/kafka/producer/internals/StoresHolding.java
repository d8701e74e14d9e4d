package io.dafka.kafka.producer.internals;

/** How many distinct stores acknowledged a sequence of a partition so far (0 if unknown). Any thread. */
@FunctionalInterface
public interface StoresHolding
{
    int count(String partitionAddress, long sequence);
}
