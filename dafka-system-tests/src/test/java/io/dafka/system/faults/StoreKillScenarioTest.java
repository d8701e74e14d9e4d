package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(600)
class StoreKillScenarioTest
{
    @ParameterizedTest(name = "{0} store(s)")
    @ValueSource(ints = {1, 3})
    void shouldLoseNoAckedRecordWhenEveryStoreIsKilledMidStreamAndRestarted(final int stores) throws Exception
    {
        final Figure figure = new StoreKillScenario(stores).run(Scale.QUICK);
        System.out.println(figure.line());

        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.detail()).as("killed mid-stream, restarted, everything ACKed in the end")
            .contains("sent while stores down=2000").contains("never acked=0");
    }
}
