package io.dafka.system.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.system.Figure;
import io.dafka.system.GroupAudit;
import io.dafka.system.Scale;

/**
 * The quick {@code group-failover} run (about 30 s). It fails today on a real finding, described in
 * docs/fault-scenarios.md (group-failover): after the link comes back, the cut-off member acts on the generation it
 * formed alone and processes again records the other member had committed.
 */
@Timeout(300)
class GroupFailoverScenarioTest
{
    @Test
    void shouldLoseNoRecordAndDuplicateOnlyAfterTheFailedMembersLastCommitWhenOneMemberIsKilledAndOneCutOff()
        throws Exception
    {
        final GroupFailoverScenario.Outcome outcome = new GroupFailoverScenario().measure(Scale.QUICK);
        assumeTrue(outcome.skipped() == null, () -> "group-failover skipped: " + outcome.skipped());
        final GroupAudit.Verdict verdict = outcome.verdict();
        final Figure figure = verdict.figure("group-failover");
        System.out.println(figure.line());

        assertThat(verdict.lost()).as("every record sent was processed by some member: %s", figure.line()).isZero();
        assertThat(verdict.duplicated()).as("duplicates only after a failed member's last commit: %s",
            figure.line()).isZero();
        assertThat(verdict.overlaps()).as("no two members processed a partition at once: %s", figure.line())
            .isZero();
        assertThat(verdict.converge()).as("the cut-off member processed again after rejoining").isNotNegative();
        assertThat(figure.detail()).as("the cut-off member gave up its partitions after the link came back")
            .doesNotContain("gave up its partitions never");
        assertThat(figure.clean()).as(figure.line()).isTrue();
    }
}
