package io.dafka.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GroupAuditTest
{
    private static final GroupAudit.Killed KILLED = new GroupAudit.Killed("x", 1_000);
    private static final GroupAudit.CutOff CUT = new GroupAudit.CutOff("z", 2_000, 3_000);

    private static MemberLog log(final String name, final String... lines)
    {
        final MemberLog log = new MemberLog(name);
        for (final String line : lines)
        {
            log.line(line);
        }
        return log;
    }

    private static GroupAudit.Verdict audit(final long sent, final MemberLog... members)
    {
        return new GroupAudit(Map.of(7, sent), List.of(members), KILLED, CUT).verdict();
    }

    @Test
    void shouldAllowTheRecordsAKilledMemberProcessedAfterItsLastCommitToBeProcessedAgain()
    {
        final MemberLog x = log("x", "ASSIGNED 100 7", "PROCESSED 100 7 0-9", "COMMITTED 101 100 7 10",
            "PROCESSED 200 7 10-14");
        final MemberLog y = log("y", "ASSIGNED 1500 7", "PROCESSED 1500 7 10-19", "COMMITTED 1501 1500 7 20");

        final GroupAudit.Verdict verdict = audit(20, x, y, log("z"));

        assertThat(verdict.lost()).isZero();
        assertThat(verdict.duplicated()).isZero();
        assertThat(verdict.allowedDuplicates()).isEqualTo(5);
        assertThat(verdict.allowedBy()).containsEntry("x", 5L);
        assertThat(verdict.problems()).isEmpty();
    }

    @Test
    void shouldCountARecordProcessedAgainAfterACommitHadPassedItAsDuplicatedBeyondTheRule()
    {
        final MemberLog x = log("x", "ASSIGNED 100 7", "PROCESSED 100 7 0-9", "COMMITTED 101 100 7 10");
        final MemberLog y = log("y", "ASSIGNED 1500 7", "PROCESSED 1500 7 5-19", "COMMITTED 1501 1500 7 20");

        final GroupAudit.Verdict verdict = audit(20, x, y, log("z"));

        assertThat(verdict.duplicated()).isEqualTo(5);
        assertThat(verdict.allowedDuplicates()).isZero();
        assertThat(verdict.figure("t").clean()).isFalse();
    }

    @Test
    void shouldCountOffsetsNoMemberProcessedAsLost()
    {
        final MemberLog x = log("x", "ASSIGNED 100 7", "PROCESSED 100 7 0-9", "COMMITTED 101 100 7 10");
        final MemberLog y = log("y", "ASSIGNED 1500 7", "PROCESSED 1500 7 12-19", "COMMITTED 1501 1500 7 20");

        assertThat(audit(20, x, y, log("z")).lost()).isEqualTo(2);
    }

    @Test
    void shouldReportAMemberProcessingAPartitionAnotherHoldsOutsideTheCutAsAProblem()
    {
        final MemberLog y = log("y", "ASSIGNED 3100 7", "PROCESSED 3100 7 0-4", "COMMITTED 3101 3100 7 5",
            "PROCESSED 3300 7 10-14", "COMMITTED 3301 3300 7 15");
        final MemberLog z = log("z", "ASSIGNED 3150 7", "PROCESSED 3200 7 5-9", "COMMITTED 3201 3200 7 10");

        final GroupAudit.Verdict verdict = audit(15, log("x"), y, z);

        assertThat(verdict.overlaps()).isEqualTo(1);
        assertThat(verdict.problems()).anyMatch(problem -> problem.contains("another member held"));
    }

    @Test
    void shouldTolerateBothSidesProcessingWhileTheMemberIsCutOffAsLongAsNothingCommittedIsProcessedAgain()
    {
        // z holds 7, is cut off at 2000, processes what it had buffered and cannot commit it; y takes 7 over at
        // z's last commit; once the link is back z loses 7.
        final MemberLog z = log("z", "ASSIGNED 100 7", "PROCESSED 100 7 0-9", "COMMITTED 101 100 7 10",
            "PROCESSED 2100 7 10-19", "PROCESSED 2700 7 20-24",
            "COMMIT-FAILED 3100 TimeoutException no store", "LOST 3200 7");
        final MemberLog y = log("y", "ASSIGNED 2500 7", "PROCESSED 2500 7 10-29", "COMMITTED 2501 2500 7 30",
            "PROCESSED 2900 7 30-39", "COMMITTED 2901 2900 7 40");

        final GroupAudit.Verdict verdict = audit(40, log("x"), y, z);

        assertThat(verdict.duplicated()).isZero();
        assertThat(verdict.allowedBy()).containsEntry("z", 15L);
        assertThat(verdict.overlaps()).isZero();
        assertThat(verdict.problems()).isEmpty();
    }

    @Test
    void shouldTolerateTheCutOffMemberProcessingWhatItHoldsAfterTheLinkCameBackOnlyUntilItLearnsItIsOut()
    {
        // z is cut off from 2000 to 3000; y took 7 over and committed up to 30; back, z processes from where it
        // stood until its first commit is refused at 3100, then loses 7; a processing after that is a problem.
        final MemberLog z = log("z", "ASSIGNED 100 7", "PROCESSED 100 7 0-9", "COMMITTED 101 100 7 10",
            "PROCESSED 3050 7 10-14", "COMMIT-FAILED 3100 CommitFailedException fenced", "LOST 3101 7");
        final MemberLog y = log("y", "ASSIGNED 2500 7", "PROCESSED 2500 7 10-29", "COMMITTED 2501 2500 7 30",
            "PROCESSED 3060 7 30-39", "COMMITTED 3061 3060 7 40");

        final GroupAudit.Verdict verdict = audit(40, log("x"), y, z);

        assertThat(verdict.duplicated()).isZero();
        assertThat(verdict.allowedBy()).containsEntry("z", 5L);
        assertThat(verdict.overlaps()).isZero();
        assertThat(verdict.problems()).isEmpty();

        final MemberLog late = log("z", "ASSIGNED 100 7", "PROCESSED 100 7 0-9", "COMMITTED 101 100 7 10",
            "COMMIT-FAILED 3100 CommitFailedException fenced", "LOST 3101 7", "PROCESSED 3200 7 10-14");
        assertThat(audit(40, log("x"), y, late).duplicated()).as("after it learned, as from any member").isEqualTo(5);
    }

    @Test
    void shouldReportACommitThatSetsAPartitionBackAsARegression()
    {
        final MemberLog y = log("y", "ASSIGNED 100 7", "PROCESSED 100 7 0-19", "COMMITTED 101 100 7 20", "LOST 3050 7");
        final MemberLog z = log("z", "ASSIGNED 3100 7", "PROCESSED 3100 7 20-29", "COMMITTED 3101 3100 7 10");

        final GroupAudit.Verdict verdict = audit(30, log("x"), y, z);

        assertThat(verdict.regressions()).isEqualTo(1);
        assertThat(verdict.problems()).anyMatch(problem -> problem.contains("below an offset committed before"));
    }

    @Test
    void shouldNotCountACommitThatStartedBeforeAHigherOneReturnedAsARegression()
    {
        // z's commit reached the stores before it was cut off; its answer came back only after y had committed
        final MemberLog z = log("z", "ASSIGNED 100 7", "PROCESSED 1900 7 0-9", "COMMITTED 3100 1900 7 10");
        final MemberLog y = log("y", "ASSIGNED 2500 7", "PROCESSED 2500 7 10-19", "COMMITTED 2501 2500 7 20");

        final GroupAudit.Verdict verdict = audit(20, log("x"), y, z);

        assertThat(verdict.regressions()).isZero();
        assertThat(verdict.problems()).isEmpty();
    }

    @Test
    void shouldReportDuplicatesLeftBehindByAMemberThatNeverFailed()
    {
        final MemberLog y = log("y", "ASSIGNED 100 7", "PROCESSED 100 7 0-9", "REVOKED 150 7");
        final MemberLog w = log("w", "ASSIGNED 200 7", "PROCESSED 200 7 0-9", "COMMITTED 201 200 7 10");

        final GroupAudit.Verdict verdict = new GroupAudit(Map.of(7, 10L), List.of(log("x"), y, w, log("z")), KILLED,
            CUT).verdict();

        assertThat(verdict.duplicated()).isZero();
        assertThat(verdict.problems()).anyMatch(problem -> problem.contains("of y, which never failed"));
    }

    @Test
    void shouldCountOffsetsAMemberProcessedAgainWhileItHeldThePartitionAsReordered()
    {
        final MemberLog y = log("y", "ASSIGNED 100 7", "PROCESSED 100 7 0-9", "PROCESSED 110 7 8-12",
            "COMMITTED 111 110 7 13");

        assertThat(audit(13, log("x"), y, log("z")).reordered()).isEqualTo(2);
    }
}
