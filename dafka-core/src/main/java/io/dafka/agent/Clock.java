package io.dafka.agent;

/** Monotonic milliseconds. Engines read time only through this, so tests can control it. */
@FunctionalInterface
public interface Clock
{
    /** The system's monotonic clock. */
    Clock SYSTEM = () -> System.nanoTime() / 1_000_000L;

    long millis();
}
