package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(900)
class ProducerRestartScenarioTest
{
    @Test
    void shouldDeliverBothIncarnationsOfARestartedProducerAndReportAReusedAddressGoingBack() throws Exception
    {
        final Figure figure = new ProducerRestartScenario().run(Scale.QUICK);
        System.out.println(figure.line());

        assertThat(figure.sent()).as("2 incarnations x 5 000 records, audited by 2 consumers").isEqualTo(20_000);
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.detail()).contains("regressions 0").contains("warning logged yes").contains("delivered 20");
    }
}
