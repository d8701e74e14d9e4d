package io.dafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

class DafkaResourceExceptionTest
{
    @Test
    void shouldNameTheFileDescriptorLimitWhenACauseRanOutOfThem()
    {
        final RuntimeException failure = new DafkaException("dafka-producer failed to start",
            new IllegalStateException(new IOException("Too many open files")));

        final RuntimeException classified = DafkaResourceException.classify("dafka-producer failed to start", failure);

        assertThat(classified).isInstanceOf(DafkaResourceException.class).hasCause(failure)
            .hasMessageStartingWith("dafka-producer failed to start: out of file descriptors")
            .hasMessageContaining("ulimit -n");
    }

    @Test
    void shouldNameThePortsWhenNoLocalAddressCanBeAssigned()
    {
        assertThat(DafkaResourceException.describe(new UncheckedIOException(
            new IOException("Cannot assign requested address")))).startsWith("no local port available");
    }

    @Test
    void shouldNameMemoryWhenACauseIsAnOutOfMemoryError()
    {
        assertThat(DafkaResourceException.describe(new DafkaException("x", new OutOfMemoryError("Direct buffer memory"))))
            .startsWith("out of memory (Direct buffer memory)").contains("-XX:MaxDirectMemorySize");
    }

    @Test
    void shouldLeaveOtherFailuresAsTheyAre()
    {
        final DafkaException timeout = new DafkaException("no tower answered", new IOException("Connection refused"));

        assertThat(DafkaResourceException.classify("start", timeout)).isSameAs(timeout);
    }
}
