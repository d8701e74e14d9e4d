package io.dafka.system.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(180)
class TcpGarbageScenarioTest
{
    @Test
    void shouldKeepEveryPeerTypeWorkingAfterRawGarbageOnAllItsEndpoints() throws Exception
    {
        final Figure figure = new TcpGarbageScenario().run(Scale.QUICK);

        System.out.println(figure.line());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.detail()).contains("stored=" + figure.sent(), "wrong-content=0", "endpoints=6");
    }
}
