package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.journal.OffsetsJournal;

class CommittedOffsetsTest
{
    @TempDir
    Path directory;

    @Test
    void shouldReturnCommittedOffsetsAfterReopening()
    {
        try (CommittedOffsets store = CommittedOffsets.open(directory, "group-1"))
        {
            store.commit(Map.of(new CommittedOffsets.Key("t", "A"), new CommittedOffsets.Committed(42, "meta"),
                new CommittedOffsets.Key("t", "B"), new CommittedOffsets.Committed(7, "")));
            store.commit(Map.of(new CommittedOffsets.Key("t", "A"), new CommittedOffsets.Committed(43, "later")));
        }
        try (CommittedOffsets store = CommittedOffsets.open(directory, "group-1"))
        {
            assertThat(store.get("t", "A")).isEqualTo(new CommittedOffsets.Committed(43, "later"));
            assertThat(store.get("t", "B")).isEqualTo(new CommittedOffsets.Committed(7, ""));
            assertThat(store.get("t", "C")).isNull();
            assertThat(store.all()).hasSize(2);
        }
    }

    @Test
    void shouldKeepGroupsApart()
    {
        try (CommittedOffsets one = CommittedOffsets.open(directory, "one");
             CommittedOffsets two = CommittedOffsets.open(directory, "one/../two"))
        {
            one.commit(Map.of(new CommittedOffsets.Key("t", "A"), new CommittedOffsets.Committed(1, "")));
            assertThat(two.get("t", "A")).isNull();
        }
        assertThat(directory.resolve("two")).doesNotExist();
    }

    @Test
    void shouldRefuseASecondConsumerOfTheSameGroupWhileTheFirstHoldsIt()
    {
        try (CommittedOffsets first = CommittedOffsets.open(directory, "group-1"))
        {
            assertThatThrownBy(() -> CommittedOffsets.open(directory, "group-1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("group-1");
        }
        CommittedOffsets.open(directory, "group-1").close();
    }

    @Test
    void shouldRefuseACorruptOffsetsFileInsteadOfStartingFromScratch() throws IOException
    {
        try (CommittedOffsets store = CommittedOffsets.open(directory, "g", OffsetsJournal.FORCE, 64))
        {
            store.commit(Map.of(new CommittedOffsets.Key("t", "A"), new CommittedOffsets.Committed(5, "")));
            store.commit(Map.of(new CommittedOffsets.Key("t", "A"), new CommittedOffsets.Committed(6, "")));
        } // the second commit found the tiny journal full and wrote the snapshot
        final Path file = directory.resolve("g").resolve("offsets");
        final byte[] bytes = Files.readAllBytes(file);
        bytes[10] ^= 0x40;
        Files.write(file, bytes);
        assertThatThrownBy(() -> CommittedOffsets.open(directory, "g"))
            .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage(file + " is corrupt (checksum mismatch)");
    }

    @Test
    void shouldDropATornLastCommitOfTheJournal() throws IOException
    {
        final Path journal = twoCommitsOfOnePartition();
        damage(journal, 52 + 16 + 10); // the second record's payload: a write that never completed

        try (CommittedOffsets store = CommittedOffsets.open(directory, "g"))
        {
            assertThat(store.get("t", "A")).isEqualTo(new CommittedOffsets.Committed(1, ""));
        }
    }

    @Test
    void shouldRefuseAJournalWithADamagedCommitBeforeWholeOnes() throws IOException
    {
        final Path journal = twoCommitsOfOnePartition();
        damage(journal, 16 + 16 + 10); // the first record's payload, followed by the whole second one

        assertThatThrownBy(() -> CommittedOffsets.open(directory, "g")).isInstanceOf(UncheckedIOException.class)
            .hasRootCauseMessage(journal + " is corrupt (a damaged record at byte 16 before whole ones)");
    }

    @Test
    void shouldRefuseAJournalWithADamagedHeader() throws IOException
    {
        final Path journal = twoCommitsOfOnePartition();
        damage(journal, 6);

        assertThatThrownBy(() -> CommittedOffsets.open(directory, "g")).isInstanceOf(UncheckedIOException.class)
            .hasRootCauseMessage(journal + " is corrupt (bad header)");
    }

    /** Commits offsets 1 then 2 of t/A: journal header (16 bytes), then two records of 16 + 20 bytes. */
    private Path twoCommitsOfOnePartition()
    {
        try (CommittedOffsets store = CommittedOffsets.open(directory, "g"))
        {
            store.commit(Map.of(new CommittedOffsets.Key("t", "A"), new CommittedOffsets.Committed(1, "")));
            store.commit(Map.of(new CommittedOffsets.Key("t", "A"), new CommittedOffsets.Committed(2, "")));
        }
        try (CommittedOffsets store = CommittedOffsets.open(directory, "g"))
        {
            assertThat(store.get("t", "A")).isEqualTo(new CommittedOffsets.Committed(2, ""));
        }
        return directory.resolve("g").resolve("offsets.log");
    }

    private static void damage(final Path file, final int position) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x40;
        Files.write(file, bytes);
    }
}
