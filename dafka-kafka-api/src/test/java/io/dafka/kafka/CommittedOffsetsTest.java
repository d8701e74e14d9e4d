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
}
