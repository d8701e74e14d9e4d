package io.dafka.testing;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves threads running or file descriptors (sockets, pipes, selectors, files) open after
 * its last test: what it started must be closed by its own {@code @AfterEach}/{@code @AfterAll}. Registered for every
 * test class of every module that has the kit on its test class path, through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and Surefire's
 * {@code junit.jupiter.extensions.autodetection.enabled=true} (root pom).
 *
 * <p>Threads and descriptors still closing get {@link #SETTLE} to go (Awaitility, polled in the test's own thread
 * so that the wait starts no thread itself); a clean class pays one snapshot. A few descriptors may stay without a
 * leak (a library opening a file once for the life of the JVM), so descriptors fail the class only beyond
 * {@link #FILE_TOLERANCE}; threads have no tolerance, only the allow-list of {@link Leaks}.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback
{
    /** How long threads and descriptors a class asked to close get to go: generous for a loaded 2-core machine. */
    static final Duration SETTLE = Duration.ofSeconds(20);

    /**
     * New descriptors tolerated per class: what the JDK opens once for the life of the JVM on first use (NIO keeps a
     * socket) is counted against the first class that uses it; an unclosed node or context holds more (selector,
     * pipes, sockets).
     */
    static final int FILE_TOLERANCE = 2;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheck.class);

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        context.getStore(NAMESPACE).put(Leaks.class, Leaks.snapshot());
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        final Leaks before = context.getStore(NAMESPACE).remove(Leaks.class, Leaks.class);
        if (before == null)
        {
            return;
        }
        final String testClass = context.getRequiredTestClass().getName();
        try
        {
            Awaitility.await(testClass + " to stop its threads and close its files")
                .atMost(SETTLE)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> before.threadsStartedSince().isEmpty()
                    && before.filesOpenedSince().size() <= FILE_TOLERANCE);
        }
        catch (final ConditionTimeoutException e)
        {
            throw new AssertionError(report(testClass, before.threadsStartedSince(), before.filesOpenedSince()));
        }
    }

    /** The failure message: the class, then each thread still running and each descriptor still open. */
    static String report(final String testClass, final List<String> threads, final List<String> files)
    {
        final StringBuilder report = new StringBuilder("LeakCheck: ").append(testClass)
            .append(" left behind, ").append(SETTLE.toSeconds()).append(" s after its last test:");
        if (!threads.isEmpty())
        {
            report.append("\n  ").append(threads.size()).append(" thread(s) it started:");
            threads.forEach(thread -> report.append("\n    ").append(thread));
        }
        if (files.size() > FILE_TOLERANCE)
        {
            report.append("\n  ").append(files.size()).append(" file descriptor(s) it opened (tolerance ")
                .append(FILE_TOLERANCE).append("):");
            files.forEach(file -> report.append("\n    ").append(file));
        }
        return report.toString();
    }
}
