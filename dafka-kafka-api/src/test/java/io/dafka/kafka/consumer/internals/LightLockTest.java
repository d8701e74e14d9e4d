package io.dafka.kafka.consumer.internals;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.Test;

import io.dafka.DafkaException;

class LightLockTest
{
    private final LightLock lock = new LightLock();

    @Test
    void shouldReportAFailureOfTheDafkaEngineAsAKafkaException()
    {
        final DafkaException failure = new DafkaException("consumer closed before the engine applied the seek");

        assertThatThrownBy(() -> lock.run(() ->
        {
            throw failure;
        })).isExactlyInstanceOf(KafkaException.class).hasMessage(failure.getMessage()).hasCause(failure);
    }

    @Test
    void shouldReportAnInterruptedWaitForTheEngineAsKafkasInterruptException()
    {
        final InterruptedException interrupted = new InterruptedException();

        assertThatThrownBy(() -> lock.run(() ->
        {
            throw new DafkaException("interrupted while waiting for the seek", interrupted);
        })).isInstanceOf(InterruptException.class).hasCause(interrupted);
        Thread.interrupted(); // InterruptException sets the flag again, as Kafka's does
    }
}
