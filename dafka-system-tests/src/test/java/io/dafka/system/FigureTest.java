package io.dafka.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FigureTest
{
    private final Figure perfect = new Figure("s", 10, 10, 0, 0, 0, Duration.ofMillis(5), "stored=10", null);

    @Test
    void shouldBeCleanOnlyWithNothingLostDuplicatedReorderedOrFound()
    {
        assertThat(perfect.clean()).isTrue();
        assertThat(perfect.withProblemIf(false, "never shown").clean()).isTrue();
        assertThat(new Figure("s", 10, 9, 1, 0, 0, Duration.ZERO, "", null).clean()).isFalse();
        assertThat(new Figure("s", 10, 11, 0, 1, 0, Duration.ZERO, "", null).clean()).isFalse();
        assertThat(new Figure("s", 10, 10, 0, 0, 1, Duration.ZERO, "", null).clean()).isFalse();
        assertThat(Figure.skipped("s", "no namespaces").clean()).isFalse();
    }

    @Test
    void shouldReportAProblemFoundBeyondTheCountsInItsLine()
    {
        final Figure found = perfect.withProblemIf(true, "the store holds 9 records");

        assertThat(found.clean()).isFalse();
        assertThat(found.line()).contains("stored=10", "PROBLEMS: [the store holds 9 records]");
    }
}
