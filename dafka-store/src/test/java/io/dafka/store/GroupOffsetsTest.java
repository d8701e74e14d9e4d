package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetCommitAck;
import io.dafka.codec.OffsetFetch;
import io.dafka.codec.OffsetFetchAnswer;
import io.dafka.journal.OffsetsJournal;

/**
 * A store's committed offsets on their own: kept per group across a reopen, fenced by a newer generation or a
 * rival member of the same generation only within the fence window, all or nothing, and nothing kept of a commit
 * whose write failed.
 */
class GroupOffsetsTest
{
    private static final long WINDOW = 60_000;

    @TempDir
    Path directory;

    @Test
    void shouldKeepEachGroupsOffsetsAcrossAReopen()
    {
        try (GroupOffsets offsets = GroupOffsets.open(directory, OffsetsJournal.FORCE, WINDOW))
        {
            assertThat(offsets.commit(commit("g1", 1, entry("A", 5)), 1000)).isEqualTo(GroupOffsets.Outcome.OK);
            assertThat(offsets.commit(commit("g2", OffsetCommit.NO_GENERATION, entry("A", 9)), 1001))
                .isEqualTo(GroupOffsets.Outcome.OK);
            assertThat(offsets.commit(commit("g1", 2, entry("A", 6), entry("B", 1)), 1002))
                .isEqualTo(GroupOffsets.Outcome.OK);
        }
        try (GroupOffsets reopened = GroupOffsets.open(directory, OffsetsJournal.FORCE, WINDOW))
        {
            assertThat(reopened.fetch("g1", List.of())).containsExactlyInAnyOrder(
                new OffsetFetchAnswer.Entry("t", "A", 6, "", 2, 1002), new OffsetFetchAnswer.Entry("t", "B", 1, "", 2,
                    1002));
            assertThat(reopened.fetch("g2", List.of(new OffsetFetch.Partition("t", "A"),
                new OffsetFetch.Partition("t", "Z")))).containsExactly(new OffsetFetchAnswer.Entry("t", "A", 9, "", -1,
                1001));
        }
    }

    @Test
    void shouldFenceAnOlderGenerationOnlyWithinTheWindowAndApplyNothingOfAFencedCommit()
    {
        try (GroupOffsets offsets = GroupOffsets.inMemory(WINDOW))
        {
            offsets.commit(commit("g", 5, entry("B", 10)), 1000);

            final GroupOffsets.Outcome fenced = offsets.commit(commit("g", 4, entry("A", 1), entry("B", 3)),
                1000 + WINDOW - 1);
            assertThat(fenced.status()).isEqualTo(OffsetCommitAck.FENCED);
            assertThat(fenced.generation()).isEqualTo(5);
            assertThat(offsets.fetch("g", List.of())).containsExactly(new OffsetFetchAnswer.Entry("t", "B", 10, "", 5,
                1000));

            // a whole window after the newer generation's last commit: a group that started anew commits again
            assertThat(offsets.commit(commit("g", 1, entry("B", 11)), 1000 + WINDOW)).isEqualTo(
                GroupOffsets.Outcome.OK);
            assertThat(offsets.commit(commit("g", 1, entry("B", 12)), 1000 + WINDOW + 1)).isEqualTo(
                GroupOffsets.Outcome.OK); // an equal generation is never fenced
        }
    }

    @Test
    void shouldFenceACommitOfARivalGenerationOfTheSameNumberByAnotherMember()
    {
        try (GroupOffsets offsets = GroupOffsets.inMemory(WINDOW))
        {
            offsets.commit(commit("g", 5, "m1", entry("B", 10)), 1000);

            final GroupOffsets.Outcome rival = offsets.commit(commit("g", 5, "m2", entry("A", 1), entry("B", 3)),
                1001);
            assertThat(rival.status()).isEqualTo(OffsetCommitAck.FENCED);
            assertThat(rival.generation()).isEqualTo(5);
            assertThat(rival.reason()).contains("m1");
            assertThat(offsets.fetch("g", List.of())).extracting(OffsetFetchAnswer.Entry::offset).containsExactly(10L);

            assertThat(offsets.commit(commit("g", 5, "m1", entry("B", 11)), 1002)).as("its owner commits on")
                .isEqualTo(GroupOffsets.Outcome.OK);
            assertThat(offsets.commit(commit("g", 5, "", entry("B", 4)), 1003)).as("the Admin, with no member id")
                .isEqualTo(GroupOffsets.Outcome.OK);
            assertThat(offsets.commit(commit("g", 6, "m2", entry("B", 12)), 1004)).as("a newer generation")
                .isEqualTo(GroupOffsets.Outcome.OK);
            assertThat(offsets.commit(commit("g", 6, "m3", entry("B", 13)), 1004 + WINDOW)).as("after the window")
                .isEqualTo(GroupOffsets.Outcome.OK);
        }
    }

    @Test
    void shouldKeepNothingOfACommitWhoseWriteFailed() throws IOException
    {
        final AtomicBoolean failing = new AtomicBoolean();
        try (GroupOffsets offsets = GroupOffsets.open(directory, (channel, metadata) ->
        {
            if (failing.get())
            {
                throw new IOException("I/O error");
            }
            channel.force(metadata);
        }, WINDOW))
        {
            offsets.commit(commit("g", 1, entry("A", 1)), 1000);
            failing.set(true);

            final GroupOffsets.Outcome failed = offsets.commit(commit("g", 1, entry("A", 2)), 1001);

            assertThat(failed.status()).isEqualTo(OffsetCommitAck.FAILED);
            assertThat(failed.reason()).contains("I/O error");
            assertThat(offsets.fetch("g", List.of())).extracting(OffsetFetchAnswer.Entry::offset).containsExactly(1L);
        }
        try (GroupOffsets reopened = GroupOffsets.open(directory, OffsetsJournal.FORCE, WINDOW))
        {
            assertThat(reopened.fetch("g", List.of())).extracting(OffsetFetchAnswer.Entry::offset).isNotEmpty()
                .allMatch(offset -> offset == 1L || offset == 2L); // written but never acknowledged: either
        }
    }

    private static OffsetCommit commit(final String group, final long generation, final OffsetCommit.Entry... entries)
    {
        return commit(group, generation, "m", entries);
    }

    private static OffsetCommit commit(final String group, final long generation, final String member,
        final OffsetCommit.Entry... entries)
    {
        return new OffsetCommit().set(group, "C0FE", member, generation, 1, List.of(entries));
    }

    private static OffsetCommit.Entry entry(final String partition, final long offset)
    {
        return new OffsetCommit.Entry("t", partition, offset, "");
    }
}
