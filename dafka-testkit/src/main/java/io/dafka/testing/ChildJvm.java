package io.dafka.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class run in a child JVM with this JVM's class path and Chronicle flags; its output (stdout and
 * stderr) is read line by line, and lines can be sent to its stdin. Tests close it in a finally block, which kills
 * it if it is still running; children still running when this JVM exits (e.g. Ctrl-C on {@code ./dafka chaos})
 * are killed by a shutdown hook. From a jar started with {@code java -jar}, the child gets {@code -cp <jar>},
 * whose manifest class path names the jar's libraries.
 */
public final class ChildJvm implements AutoCloseable
{
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
            "child-jvm-reaper"));
    }

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Writer stdin;
    private final Thread reader;

    private ChildJvm(final Process process)
    {
        this.process = process;
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(() ->
        {
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                for (String line = out.readLine(); line != null; line = out.readLine())
                {
                    lines.add(line);
                }
            }
            catch (final IOException ignored)
            {
                // the process is gone
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code args}. */
    public static ChildJvm start(final Class<?> main, final String... args) throws IOException
    {
        return start(new ArrayList<>(), main, args);
    }

    /** Starts {@code main} with {@code args} under {@code ulimit -n openFiles}: at most that many open files. */
    public static ChildJvm startWithFileLimit(final int openFiles, final Class<?> main, final String... args)
        throws IOException
    {
        return start(new ArrayList<>(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$@\"", "bash")),
            main, args);
    }

    /** Starts {@code main} with {@code args} inside network namespace {@code namespace} ({@code ip netns exec}). */
    public static ChildJvm startInNamespace(final String namespace, final Class<?> main, final String... args)
        throws IOException
    {
        return start(new ArrayList<>(List.of("ip", "netns", "exec", namespace)), main, args);
    }

    private static ChildJvm start(final List<String> command, final Class<?> main, final String... args)
        throws IOException
    {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1"); // short-lived children on a busy machine: cheap start-up first
        command.add("-XX:+UseSerialGC");
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle."))
            {
                command.add(argument); // the flags Chronicle Map needs (Surefire's argLine)
            }
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for the next line that starts with {@code prefix}, skipping others (logs). */
    public String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final long left = deadline - System.nanoTime();
            final String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null)
            {
                throw new AssertionError("no line starting with '" + prefix + "' within " + timeout +
                    "; the child printed " + seen + (process.isAlive() ? "" : " and exited " + process.exitValue()));
            }
            seen.add(line);
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
    }

    /**
     * Every line the child printed until now, in order (including those {@link #awaitLine} took), without waiting:
     * for a test that reads the output of a child that is still running.
     */
    public List<String> linesSoFar()
    {
        lines.drainTo(seen);
        return List.copyOf(seen);
    }

    /**
     * The next line the child printed, waiting up to {@code timeout} for one; null if none came (the child may be
     * quiet, or gone). For a parent that follows a chatty child's output as it comes, where {@link #awaitLine}'s
     * failure on a timeout is not wanted.
     */
    public String nextLine(final Duration timeout) throws InterruptedException
    {
        final String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line != null)
        {
            seen.add(line);
        }
        return line;
    }

    /**
     * After the child exited (e.g. {@link #kill()}): every line it printed, in order, up to the end of its output
     * (including those {@link #awaitLine} took).
     */
    public List<String> allLines() throws InterruptedException
    {
        if (process.isAlive())
        {
            throw new IllegalStateException("the child is still running");
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        lines.drainTo(seen);
        return List.copyOf(seen);
    }

    /** Sends one line to the child's stdin. */
    public void send(final String line) throws IOException
    {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Kills the child with SIGKILL and waits until it is gone. */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits up to {@code timeout} for the child to exit; returns its exit code, or -1 if it did not. */
    public int waitFor(final Duration timeout) throws InterruptedException
    {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public Process process()
    {
        return process;
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            try
            {
                kill();
            }
            catch (final InterruptedException e)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
