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

    @Test
    void shouldReportATimeoutAsRunningOutOfFileDescriptorsWhenTheProcessIsAtItsLimit()
    {
        final DafkaException timedOut = DafkaResourceException.timedOut("producer: no tower answered", 290, 300);

        assertThat(timedOut).isInstanceOf(DafkaResourceException.class)
            .hasMessageStartingWith("producer: no tower answered: 290 of at most 300 file descriptors are open: " +
                "out of file descriptors").hasMessageContaining("ulimit -n");
    }

    @Test
    void shouldReportATimeoutAsATimeoutWithDescriptorsToSpare()
    {
        final DafkaException timedOut = DafkaResourceException.timedOut("producer: no tower answered", 100, 300);

        assertThat(timedOut).isNotInstanceOf(DafkaResourceException.class)
            .hasMessage("producer: no tower answered");
        assertThat(DafkaResourceException.timedOut("this process", 0, 0)).as("limit unknown")
            .isNotInstanceOf(DafkaResourceException.class);
    }

    @Test
    void shouldReadThisProcesssDescriptorsWhenATimeoutHappens()
    {
        assertThat(DafkaResourceException.timedOut("a test with descriptors to spare"))
            .isNotInstanceOf(DafkaResourceException.class).hasMessage("a test with descriptors to spare");
    }
}
