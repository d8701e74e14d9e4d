package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(400)
class CorruptSegmentScenarioTest
{
    @Test
    void shouldServeEveryRecordAndRepairTheDamagedStoreFromItsPeerWithoutARestart() throws Exception
    {
        final Figure figure = new CorruptSegmentScenario(2).run(Scale.QUICK);

        System.out.println(figure.line());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.detail()).as("repaired, served alone, nothing deleted, nothing lost at a full-scan restart")
            .contains("delivered=" + figure.sent() + " wrong content=0",
                "intact segments deleted (after a restart with scan=all)=0", "scan=all: 0 record(s) lost")
            .doesNotContain("repaired in files=-1ms");
    }

    @Test
    void shouldSkipAndCountTheDamagedRecordOfASingleStoreInsteadOfHanging() throws Exception
    {
        final Figure figure = new CorruptSegmentScenario(1).run(Scale.QUICK);

        System.out.println(figure.line());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.detail()).as("the damaged frame skipped and counted, everything after it delivered")
            .contains("last record delivered=true", "missing=1 skipped (RECORDS_SKIPPED)=1", "wrong content=0");
    }
}
