package io.dafka.system.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Polls a Kafka-API consumer into a sink until {@code done}, then {@link Drain#QUIET} longer to catch duplicates. */
final class KafkaDrain
{
    private KafkaDrain()
    {
    }

    static void into(final java.util.function.Consumer<ConsumerRecord<Long, Long>> sink,
        final Consumer<Long, Long> consumer, final BooleanSupplier done, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline)
        {
            consumer.poll(Duration.ofMillis(50)).forEach(sink);
        }
        final long quietEnd = System.nanoTime() + Drain.QUIET.toNanos();
        while (System.nanoTime() < quietEnd)
        {
            consumer.poll(Duration.ofMillis(50)).forEach(sink);
        }
    }
}
