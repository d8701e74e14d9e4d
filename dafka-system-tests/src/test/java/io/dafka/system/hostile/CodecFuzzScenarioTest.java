package io.dafka.system.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(120)
class CodecFuzzScenarioTest
{
    @Test
    void shouldHandleAMillionMutatedFramesWithoutAnExceptionEscapingTheDecoder()
    {
        final Figure figure = new CodecFuzzScenario().run(Scale.QUICK);

        System.out.println(figure.line());
        assertThat(figure.sent()).isEqualTo(1_000_000);
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.detail()).doesNotContain("decoded=0 ", "dropped=0 ");
    }
}
