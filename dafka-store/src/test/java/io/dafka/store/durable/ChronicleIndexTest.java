package io.dafka.store.durable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Chronicle Map index: survives clean and unclean stops, and is rebuilt when unreadable. */
@Timeout(60)
class ChronicleIndexTest
{
    @TempDir
    Path directory;

    @TempDir
    Path image;

    @Test
    void shouldKeepHeadsAndSegmentsAcrossACleanStop() throws IOException
    {
        try (ChronicleIndex index = ChronicleIndex.open(directory, 1000))
        {
            index.putHead("p", 41);
            index.putSegment("p", 0, new SegmentInfo(20, 4096, 1234));
        }
        assertThat(directory.resolve("closed-cleanly")).exists();
        try (ChronicleIndex index = ChronicleIndex.open(directory, 1000))
        {
            assertThat(directory.resolve("closed-cleanly")).doesNotExist();
            assertThat(index.head("p")).isEqualTo(41);
            assertThat(index.segment("p", 0)).isEqualTo(new SegmentInfo(20, 4096, 1234));
            assertThat(index.segment("p", 21)).isNull();
            assertThat(index.partitions()).containsExactly("p");
        }
    }

    @Test
    void shouldRecoverWhatAKilledProcessLeft() throws IOException
    {
        final ChronicleIndex live = ChronicleIndex.open(directory, 1000);
        try
        {
            live.putHead("p", 7);
            Stores.crashImage(directory, image);
        }
        finally
        {
            live.close();
        }
        try (ChronicleIndex index = ChronicleIndex.open(image, 1000))
        {
            assertThat(index.head("p")).isEqualTo(7);
            assertThat(index.degraded()).isFalse();
        }
    }

    @Test
    void shouldForgetPartitionsThatAreGone() throws IOException
    {
        try (ChronicleIndex index = ChronicleIndex.open(directory, 1000))
        {
            index.putHead("kept", 1);
            index.putHead("gone", 2);
            index.putSegment("gone", 0, new SegmentInfo(2, 100, 0));

            assertThat(index.retainOnly(Set.of("kept"))).isEqualTo(2);
            assertThat(index.partitions()).containsExactly("kept");
            assertThat(index.segment("gone", 0)).isNull();
        }
    }

    @Test
    void shouldStartEmptyWhenItsFilesAreUnreadable() throws IOException
    {
        Files.createDirectories(directory);
        Files.write(directory.resolve("heads.cm3"), new byte[] {1, 2, 3, 4, 5}); // Chronicle waits for a header

        try (ChronicleIndex index = ChronicleIndex.open(directory, 1000, 2000))
        {
            assertThat(index.partitions()).isEmpty();
            index.putHead("p", 3);
            assertThat(index.head("p")).isEqualTo(3);
        }
    }
}
