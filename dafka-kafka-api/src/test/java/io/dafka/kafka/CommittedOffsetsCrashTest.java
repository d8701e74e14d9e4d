package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.testing.ChildJvm;

/** A commit that returned survives {@code kill -9} of the committing JVM, also while snapshots are written. */
class CommittedOffsetsCrashTest
{
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int THREADS = 4;

    @TempDir
    Path directory;

    @Test
    void shouldKeepEveryReturnedCommitWhenTheCommitterIsKilled() throws Exception
    {
        final Map<String, Long> acknowledged = new HashMap<>();
        for (int round = 0; round < 3; round++)
        {
            try (ChildJvm child = ChildJvm.start(CommittingChild.class, directory.toString(),
                Integer.toString(THREADS)))
            {
                child.awaitLine("ready", DEADLINE);
                for (int i = 0; i < 400; i++)
                {
                    child.awaitLine("committed ", DEADLINE);
                }
                child.kill();
                for (final String line : child.allLines())
                {
                    if (line.startsWith("committed "))
                    {
                        final String[] words = line.split(" ");
                        acknowledged.merge(words[1], Long.parseLong(words[2]), Math::max);
                    }
                }
            }
            try (CommittedOffsets reopened = CommittedOffsets.open(directory, CommittingChild.GROUP))
            {
                for (final Map.Entry<String, Long> returned : acknowledged.entrySet())
                {
                    assertThat(reopened.get("t", returned.getKey()).offset())
                        .as("round %d, partition %s", round, returned.getKey())
                        .isGreaterThanOrEqualTo(returned.getValue());
                }
            }
        }
        assertThat(acknowledged).hasSize(THREADS);
    }
}
