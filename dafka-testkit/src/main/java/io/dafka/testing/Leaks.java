package io.dafka.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a piece of test code left behind: the threads and the open file descriptors (Linux {@code /proc/self/fd};
 * sockets, pipes, selectors and files) that exist now and did not when the snapshot was taken, less the allow-list
 * below. Used by {@link LeakCheck}; usable directly by a test that wants to check one scenario.
 */
public final class Leaks
{
    /**
     * Threads a test may start and leave running because they belong to the JVM or to a library and live as long as
     * the JVM, whoever started them first; each is named with the reason. Anything else a test starts must be gone
     * when it ends (Dafka's own agent, callback and store threads included: they are daemons, but a daemon left
     * running by one test class still owns sockets and CPU during the next).
     */
    private static final List<Pattern> ALLOWED_THREADS = List.of(
        // JVM internals started lazily (attach on jcmd/jstack, the shared Cleaner, JMX notifications).
        Pattern.compile("Attach Listener|Common-Cleaner|Notification Thread|Signal Dispatcher|Reference Handler|"
            + "Finalizer"),
        // The JDK's one reaper of child processes (ProcessBuilder), reused by every Process of the JVM; it names
        // itself after the process it waits for while it waits (a broker shared by the whole test JVM, say).
        Pattern.compile("process reaper( \\(pid \\d+\\))?"),
        // The JVM-wide common fork/join pool: idle workers retire on their own after 60 s.
        Pattern.compile("ForkJoinPool\\.commonPool-worker-\\d+"),
        // Surefire's fork plumbing (commands, pings, output flushing) and JUnit's shared @Timeout scheduler.
        Pattern.compile("surefire-forkedjvm-.*|last-ditch-daemon-shutdown-thread-.*|junit-jupiter-timeout-watcher"),
        // Java 2D's disposer of native resources, started by the first chart the bench draws (XChart, AWT).
        Pattern.compile("Java2D Disposer"),
        // Chronicle Core's (the store index's library) one releaser of off-heap resources, started on first use
        // and kept for the life of the JVM by design (stopping it would stop it for every later user).
        Pattern.compile("background~resource~releaser"));

    /**
     * Open files a test may leave: class path jars and native libraries the class loader opens once and keeps, the
     * JDK's runtime image, the random devices SecureRandom keeps open for the life of the JVM, the fonts Java 2D
     * caches once loaded (the bench's charts), and the listing of {@code /proc/self/fd} itself.
     */
    private static final Pattern ALLOWED_FILES = Pattern.compile(
        ".*\\.(jar|so)( \\(deleted\\))?|.*/lib/modules|/dev/u?random|.*\\.(ttf|otf|pfb)|/proc/(self|\\d+)/fd");

    private static final Path FD_DIRECTORY = Paths.get("/proc/self/fd");

    private final Set<Thread> threads;
    private final Map<String, String> files;

    private Leaks(final Set<Thread> threads, final Map<String, String> files)
    {
        this.threads = threads;
        this.files = files;
    }

    /** The threads and open files of the JVM now. */
    public static Leaks snapshot()
    {
        return new Leaks(Thread.getAllStackTraces().keySet(), openFiles());
    }

    /**
     * Threads alive now that were not at the snapshot and are not allow-listed, each as its name, state and
     * innermost stack frame (where it is stuck), sorted by name.
     */
    public List<String> threadsStartedSince()
    {
        final List<String> started = new ArrayList<>();
        for (final Map.Entry<Thread, StackTraceElement[]> live : Thread.getAllStackTraces().entrySet())
        {
            final Thread thread = live.getKey();
            if (thread.isAlive() && !threads.contains(thread) && !allowed(thread.getName()))
            {
                final StackTraceElement[] stack = live.getValue();
                started.add("\"" + thread.getName() + "\" " + thread.getState()
                    + (stack.length > 0 ? " at " + stack[0] : ""));
            }
        }
        started.sort(null);
        return started;
    }

    /**
     * File descriptors open now that were not at the snapshot (or now point elsewhere), less the allow-listed
     * files, each as {@code fd -> target} ({@code socket:[inode]}, {@code pipe:[inode]},
     * {@code anon_inode:[eventpoll]}, a path); empty where {@code /proc/self/fd} does not exist.
     */
    public List<String> filesOpenedSince()
    {
        final List<String> opened = new ArrayList<>();
        for (final Map.Entry<String, String> open : openFiles().entrySet())
        {
            final String target = open.getValue();
            if (!target.equals(files.get(open.getKey())) && !ALLOWED_FILES.matcher(target).matches())
            {
                opened.add(open.getKey() + " -> " + target);
            }
        }
        opened.sort(null);
        return opened;
    }

    private static boolean allowed(final String threadName)
    {
        for (final Pattern pattern : ALLOWED_THREADS)
        {
            if (pattern.matcher(threadName).matches())
            {
                return true;
            }
        }
        return false;
    }

    /** Descriptor number to link target; a descriptor closed while listing is skipped. */
    private static Map<String, String> openFiles()
    {
        final Map<String, String> open = new HashMap<>();
        if (!Files.isDirectory(FD_DIRECTORY))
        {
            return open;
        }
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(FD_DIRECTORY))
        {
            for (final Path descriptor : descriptors)
            {
                try
                {
                    open.put(descriptor.getFileName().toString(), Files.readSymbolicLink(descriptor).toString());
                }
                catch (final IOException closedMeanwhile)
                {
                    // the descriptor closed between listing and reading (the directory stream's own one, too)
                }
            }
        }
        catch (final IOException e)
        {
            return open;
        }
        return open;
    }
}
