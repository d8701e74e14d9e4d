package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.journal.OffsetsJournal;

/** Commits made while another is being written share one write and one disk sync, and none is lost. */
class CommittedOffsetsGroupCommitTest
{
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final ExecutorService committers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopCommitters() throws InterruptedException
    {
        committers.shutdownNow();
        assertThat(committers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldWriteTheCommitsThatArriveDuringASyncWithOneMoreSync() throws Exception
    {
        final HeldSync sync = new HeldSync();
        try (CommittedOffsets store = CommittedOffsets.open(directory, "g", sync, OffsetsJournal.DEFAULT_CAPACITY))
        {
            sync.hold();
            final List<Future<?>> commits = new ArrayList<>();
            commits.add(committers.submit(() -> commit(store, "p0", 10)));
            await().atMost(DEADLINE).until(sync::isHolding); // p0's writer is inside its sync
            for (int i = 1; i < 8; i++)
            {
                final String partition = "p" + i;
                commits.add(committers.submit(() -> commit(store, partition, 10)));
            }
            await().atMost(DEADLINE).until(() -> store.waitingCommits() == 7);
            assertThat(commits).noneMatch(Future::isDone); // none returned before its write is durable
            sync.release();
            for (final Future<?> commit : commits)
            {
                commit.get(60, TimeUnit.SECONDS);
            }
            assertThat(sync.syncs.get()).as("disk syncs for 8 commits").isEqualTo(2);
        }
        try (CommittedOffsets reopened = CommittedOffsets.open(directory, "g"))
        {
            for (int i = 0; i < 8; i++)
            {
                assertThat(reopened.get("t", "p" + i)).isEqualTo(new CommittedOffsets.Committed(10, "m"));
            }
        }
    }

    @Test
    void shouldKeepTheLastCommitOfEveryConcurrentCommitter() throws Exception
    {
        final int commitsEach = 200;
        final AtomicInteger syncs = new AtomicInteger();
        final OffsetsJournal.Sync counting = (channel, metadata) ->
        {
            syncs.incrementAndGet();
            channel.force(metadata);
        };
        try (CommittedOffsets store = CommittedOffsets.open(directory, "g", counting, 2048)) // snapshots often
        {
            final int before = syncs.get();
            final List<Future<?>> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++)
            {
                final String partition = "p" + i;
                threads.add(committers.submit(() ->
                {
                    for (long offset = 1; offset <= commitsEach; offset++)
                    {
                        commit(store, partition, offset);
                        assertThat(store.get("t", partition).offset()).isEqualTo(offset);
                    }
                    return null;
                }));
            }
            for (final Future<?> thread : threads)
            {
                thread.get(120, TimeUnit.SECONDS);
            }
            assertThat(syncs.get() - before).as("syncs").isPositive();
        }
        try (CommittedOffsets reopened = CommittedOffsets.open(directory, "g"))
        {
            assertThat(reopened.all()).hasSize(8);
            for (int i = 0; i < 8; i++)
            {
                assertThat(reopened.get("t", "p" + i)).isEqualTo(new CommittedOffsets.Committed(commitsEach, "m"));
            }
        }
    }

    @Test
    void shouldReplayTheJournalOverTheSnapshotAfterManySnapshots()
    {
        try (CommittedOffsets store = CommittedOffsets.open(directory, "g", OffsetsJournal.FORCE, 256))
        {
            for (long offset = 1; offset <= 100; offset++)
            {
                commit(store, "p" + (offset % 3), offset);
            }
        }
        try (CommittedOffsets reopened = CommittedOffsets.open(directory, "g"))
        {
            assertThat(reopened.get("t", "p0").offset()).isEqualTo(99);
            assertThat(reopened.get("t", "p1").offset()).isEqualTo(100);
            assertThat(reopened.get("t", "p2").offset()).isEqualTo(98);
        }
    }

    @Test
    void shouldKeepCommittingWhenACommitterIsInterruptedBeforeOrDuringItsWrite()
    {
        final AtomicBoolean interruptNextSync = new AtomicBoolean();
        final OffsetsJournal.Sync interrupting = (channel, metadata) ->
        {
            if (interruptNextSync.getAndSet(false))
            {
                Thread.currentThread().interrupt(); // as if the consumer's thread were interrupted mid-write
            }
            channel.force(metadata);
        };
        try (CommittedOffsets store = CommittedOffsets.open(directory, "g", interrupting,
            OffsetsJournal.DEFAULT_CAPACITY))
        {
            Thread.currentThread().interrupt();
            commit(store, "p0", 1);
            assertThat(Thread.interrupted()).as("still interrupted after a commit begun interrupted").isTrue();

            interruptNextSync.set(true);
            commit(store, "p0", 2);
            assertThat(Thread.interrupted()).as("still interrupted after a commit interrupted mid-write").isTrue();

            commit(store, "p1", 3);
        }
        try (CommittedOffsets reopened = CommittedOffsets.open(directory, "g"))
        {
            assertThat(reopened.get("t", "p0").offset()).isEqualTo(2);
            assertThat(reopened.get("t", "p1").offset()).isEqualTo(3);
        }
    }

    private static void commit(final CommittedOffsets store, final String partition, final long offset)
    {
        store.commit(Map.of(new CommittedOffsets.Key("t", partition), new CommittedOffsets.Committed(offset, "m")));
    }

    /** Counts syncs; once held, the next sync waits until released. */
    private static final class HeldSync implements OffsetsJournal.Sync
    {
        private final AtomicInteger syncs = new AtomicInteger();
        private final AtomicBoolean held = new AtomicBoolean();
        private final AtomicBoolean holding = new AtomicBoolean();
        private final CountDownLatch released = new CountDownLatch(1);

        void hold()
        {
            syncs.set(0);
            held.set(true);
        }

        boolean isHolding()
        {
            return holding.get();
        }

        void release()
        {
            released.countDown();
        }

        @Override
        public void force(final FileChannel channel, final boolean metadata) throws IOException
        {
            syncs.incrementAndGet();
            if (held.getAndSet(false))
            {
                holding.set(true);
                try
                {
                    released.await(60, TimeUnit.SECONDS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }
            channel.force(metadata);
        }
    }
}
