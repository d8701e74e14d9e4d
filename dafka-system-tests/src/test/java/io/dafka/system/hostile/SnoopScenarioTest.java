package io.dafka.system.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(240)
class SnoopScenarioTest
{
    @Test
    void shouldLetASnoopReadTheOpenMeshAsDocumented() throws Exception
    {
        final Figure figure = new SnoopScenario(false).run(Scale.QUICK);

        System.out.println(figure.line());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.detail()).as(figure.line()).contains("stored=" + figure.sent())
            .containsPattern("snoop-live-records=[1-9]").containsPattern("snoop-fetch-answers=[1-9]");
    }

    @Test
    void shouldGiveASnoopWithAKeyOnNoAllowListNothingWhileEveryRecordIsDeliveredStoredAndAcked() throws Exception
    {
        final Figure figure = new SnoopScenario(true).run(Scale.QUICK);

        System.out.println(figure.line());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.detail()).as(figure.line()).contains("stored=" + figure.sent(), "wrong-content=0",
            "unacked=0", "snoop-live-records=0", "snoop-fetch-answers=0");
    }
}
