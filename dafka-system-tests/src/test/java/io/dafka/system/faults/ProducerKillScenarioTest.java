package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(180)
class ProducerKillScenarioTest
{
    @Test
    void shouldDeliverEveryAckedRecordFromTheStoresAfterTheProducerWasKilled() throws Exception
    {
        final Figure figure = new ProducerKillScenario().run(Scale.QUICK);
        System.out.println(figure.line());

        assertThat(figure.detail()).contains("acked 20000 failed 0");
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.clean()).as(figure.line()).isTrue();
    }
}
