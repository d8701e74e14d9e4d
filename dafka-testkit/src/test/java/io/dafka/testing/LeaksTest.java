package io.dafka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/** The leak check's two halves: threads started and descriptors opened since a snapshot, and its report. */
class LeaksTest
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void shouldReportAThreadStartedSinceTheSnapshotUntilItStops() throws InterruptedException
    {
        final Leaks before = Leaks.snapshot();
        final CountDownLatch release = new CountDownLatch(1);
        final Thread thread = new Thread(() -> awaitQuietly(release), "leaks-test-worker");
        thread.setDaemon(true);
        thread.start();
        try
        {
            await().atMost(DEADLINE).until(() -> thread.getState() == Thread.State.WAITING);
            assertThat(before.threadsStartedSince()).singleElement().asString()
                .startsWith("\"leaks-test-worker\" ").contains("WAITING");
        }
        finally
        {
            release.countDown();
            thread.join(DEADLINE.toMillis());
        }

        assertThat(before.threadsStartedSince()).isEmpty();
    }

    @Test
    void shouldNotReportAThreadThatWasAliveAtTheSnapshot() throws InterruptedException
    {
        final CountDownLatch release = new CountDownLatch(1);
        final Thread thread = new Thread(() -> awaitQuietly(release), "leaks-test-older");
        thread.start();
        try
        {
            assertThat(Leaks.snapshot().threadsStartedSince()).isEmpty();
        }
        finally
        {
            release.countDown();
            thread.join(DEADLINE.toMillis());
        }
    }

    @Test
    void shouldReportASocketOpenedSinceTheSnapshotUntilItIsClosed() throws IOException
    {
        assumeTrue(Files.isDirectory(Paths.get("/proc/self/fd")), "open descriptors are listed on Linux only");
        openAndCloseServerSocket(); // NIO's first use opens descriptors it keeps for the JVM: before the snapshot
        final Leaks before = Leaks.snapshot();
        try (ServerSocketChannel server = ServerSocketChannel.open())
        {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            assertThat(before.filesOpenedSince()).anySatisfy(file -> assertThat(file).contains("socket:["));
        }
        await().atMost(DEADLINE).untilAsserted(
            () -> assertThat(before.filesOpenedSince()).noneSatisfy(file -> assertThat(file).contains("socket:[")));
    }

    @Test
    void shouldNameTheTestClassEveryThreadAndTheDescriptorsBeyondTheToleranceInTheReport()
    {
        final List<String> files = List.of("40 -> socket:[1]", "41 -> pipe:[2]", "42 -> anon_inode:[eventpoll]");

        final String report = LeakCheck.report("io.dafka.SomeTest", List.of("\"dafka-consumer\" RUNNABLE"), files);

        assertThat(report).contains("io.dafka.SomeTest", "1 thread(s)", "\"dafka-consumer\" RUNNABLE",
            "3 file descriptor(s)", "40 -> socket:[1]", "41 -> pipe:[2]", "42 -> anon_inode:[eventpoll]");
    }

    @Test
    void shouldLeaveDescriptorsWithinTheToleranceOutOfTheReport()
    {
        final String report = LeakCheck.report("io.dafka.SomeTest", List.of("\"t\" RUNNABLE"), List.of("9 -> pipe:[3]"));

        assertThat(report).contains("\"t\" RUNNABLE").doesNotContain("pipe:[3]");
    }

    private static void openAndCloseServerSocket() throws IOException
    {
        try (ServerSocketChannel server = ServerSocketChannel.open())
        {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
