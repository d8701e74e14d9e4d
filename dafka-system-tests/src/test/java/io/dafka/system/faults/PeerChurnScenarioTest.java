package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(900)
class PeerChurnScenarioTest
{
    @Test
    void shouldGiveBackTheTowersAndStoresDescriptorsThreadsAndMemoryAfterPeersJoinAndLeave() throws Exception
    {
        final Figure figure = new PeerChurnScenario().run(Scale.QUICK);
        System.out.println(figure.line());

        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.detail()).startsWith("200 peers joined and left");
    }
}
