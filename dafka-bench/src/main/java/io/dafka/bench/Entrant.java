package io.dafka.bench;

/** Something measured in the rounds of {@link Trials}: a system under test or a reference. */
interface Entrant
{
    /** Short name for progress lines and tables, e.g. {@code Kafka default}; unique within a run. */
    String name();
}
