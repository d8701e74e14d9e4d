package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(600)
class ManyPartitionsScenarioTest
{
    @Test
    void shouldRecoverAndServeEveryPartitionOfAStoreWithMorePartitionsThanItMayOpenFiles() throws Exception
    {
        final Figure figure = new ManyPartitionsScenario().run(Scale.QUICK);
        System.out.println(figure.line() + " " + figure.detail());

        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.delivered()).isEqualTo(figure.sent());
        assertThat(figure.detail()).contains("1000 partitions x 3 records, ulimit -n 512")
            .contains("acked partitions=1000").contains("0 record(s) lost at start");
    }
}
