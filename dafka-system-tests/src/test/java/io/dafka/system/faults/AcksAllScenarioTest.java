package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(600)
class AcksAllScenarioTest
{
    @Test
    void shouldRefuseSendsWithOneStoreAndLoseNoAckedRecordWhenEitherOfTwoStoresIsKilled() throws Exception
    {
        final Figure figure = new AcksAllScenario().run(Scale.QUICK);
        System.out.println(figure.line());

        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.detail()).contains("one store up: 20/20 refused");
    }
}
