package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(900)
class ManyProducersScenarioTest
{
    @Test
    void shouldDeliverAndStoreEveryRecordOfFortyProducersInTwoJvmsOnceAndInOrder() throws Exception
    {
        final Figure figure = new ManyProducersScenario().run(Scale.QUICK);
        System.out.println(figure.line());

        assertThat(figure.sent()).isEqualTo(2L * 20 * 250);
        assertThat(figure.delivered()).as(figure.line()).isEqualTo(figure.sent());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.detail()).contains("acked=" + figure.sent(), "producer JVMs [rss=");
    }
}
