package io.dafka.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.Scale;

@Timeout(900)
class ManyTopicsScenarioTest
{
    @Test
    void shouldAcknowledgeEveryRecordOfAThousandTopicsWithAndWithoutAConsumerOfThemAll() throws Exception
    {
        final Figure figure = new ManyTopicsScenario().run(Scale.QUICK);
        System.out.println(figure.line());

        assertThat(figure.sent()).isEqualTo(3_000);
        assertThat(figure.delivered()).as(figure.line()).isEqualTo(3_000);
        assertThat(figure.clean()).as(figure.line()).isTrue();
        assertThat(figure.detail()).as("both runs: every send acknowledged, none failed")
            .contains("without consumer: acked=3000 failed=0").contains("consumer of every topic: acked=3000 failed=0");
    }
}
