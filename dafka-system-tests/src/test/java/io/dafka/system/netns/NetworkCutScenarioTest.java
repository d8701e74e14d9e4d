package io.dafka.system.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(240)
class NetworkCutScenarioTest
{
    @Test
    void shouldDeliverAndStoreEveryRecordExactlyOnceInOrderAfterTheLinkBetweenHostsIsRestored() throws Exception
    {
        final Figure figure = new NetworkCutScenario().run(Scale.QUICK);

        System.out.println(figure.line());
        assumeFalse(figure.isSkipped(), () -> "network-cut skipped: " + figure.skipped());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.detail()).contains("stored=" + figure.sent(), "wrong-content=0", "acked=true");
    }
}
