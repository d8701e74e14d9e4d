package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(300)
class DiskFullScenarioTest
{
    @Test
    void shouldLoseNoAckedRecordAndResumeAckingOnceTheFullDiskOfTheStoreHasSpaceAgain() throws Exception
    {
        final Figure figure = new DiskFullScenario().run(Scale.QUICK);

        System.out.println(figure.line());
        assumeFalse(figure.isSkipped(), () -> "disk-full skipped: " + figure.skipped());
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.detail()).as("the disk filled, the store said so, and healed once space was freed")
            .contains("degraded=true", "healthy=true", "reported lost=0, truly lost=0", "wrong content=0")
            .doesNotContain("ackedAtStall=-1", "resume=-1ms");
    }
}
