package io.dafka.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PeerMain} in a child JVM, as Kafka's broker runs in one: the bench's class path and Chronicle flags,
 * full JIT and a heap of its own (unlike the test kit's short-lived children, tuned to start fast). Lines go to its
 * stdin and come from its stdout; closing it sends SIGTERM (the peer closes cleanly) and kills it after 20 s. The
 * child closes its peer and exits when its stdin ends, so also when the bench JVM goes away.
 */
final class PeerProcess implements AutoCloseable
{
    /**
     * More JVM options for the children, separated by spaces: the bench module's tests set options that start a
     * JVM faster (they check counts, not speed); a benchmark run sets none.
     */
    static final String JVM_OPTIONS_PROPERTY = "bench.peer.jvm.options";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private String ready;
    private volatile double finalCpuSeconds = Double.NaN;

    private PeerProcess(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                for (String line = out.readLine(); line != null; line = out.readLine())
                {
                    lines.add(line);
                }
            }
            catch (final IOException gone)
            {
                // the process exited
            }
        }, "bench-peer-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code PeerMain <role> <args>} and returns once it printed {@code ready} ({@link #ready()}). */
    static PeerProcess start(final String name, final String role, final String... args)
    {
        final PeerProcess peer = launch(name, role, args);
        peer.awaitReady();
        return peer;
    }

    /**
     * Starts {@code PeerMain <role> <args>} without waiting for it, so that several JVMs (and Kafka's broker) can
     * start at once; {@link #awaitReady()} waits.
     */
    static PeerProcess launch(final String name, final String role, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        final String extra = System.getProperty(JVM_OPTIONS_PROPERTY, "").trim();
        if (!extra.isEmpty())
        {
            command.addAll(List.of(extra.split("\\s+")));
        }
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle."))
            {
                command.add(argument); // the flags Chronicle Map needs
            }
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PeerMain.class.getName());
        command.add(role);
        command.addAll(List.of(args));
        try
        {
            return new PeerProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the child printed {@code ready} (at once if it already has); kills it if it does not in time.
     *
     * @return this peer
     */
    PeerProcess awaitReady()
    {
        if (ready == null)
        {
            try
            {
                ready = awaitLine(PeerMain.READY, READY_TIMEOUT);
            }
            catch (final RuntimeException e)
            {
                close();
                throw e;
            }
        }
        return this;
    }

    String name()
    {
        return name;
    }

    /** The words after {@code ready} in the child's ready line (e.g. a tower's endpoints). */
    String[] ready()
    {
        return awaitReady().ready.split(" ");
    }

    /**
     * The next line that starts with {@code prefix} (other lines, e.g. logs, are skipped), without the prefix.
     *
     * @throws IllegalStateException if none came within {@code timeout}, with what the child printed
     */
    String awaitLine(final String prefix, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try
        {
            while (true)
            {
                final long left = deadline - System.nanoTime();
                final String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null)
                {
                    throw new IllegalStateException(name + " printed no line starting with '" + prefix + "' within "
                        + timeout + "; it printed " + seen + (process.isAlive() ? "" : ", exit " + process.exitValue()));
                }
                seen.add(line);
                if (line.startsWith(prefix))
                {
                    return line.substring(prefix.length()).trim();
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends one line to the child's stdin. */
    void send(final String line)
    {
        try
        {
            stdin.write(line + "\n");
            stdin.flush();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(name + " is gone", e);
        }
    }

    /** CPU seconds the child has spent so far; once closed, what it had spent when it was stopped. */
    double cpuSeconds()
    {
        final double live = process.info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
        return Double.isNaN(live) ? finalCpuSeconds : live;
    }

    @Override
    public void close()
    {
        if (!process.isAlive())
        {
            return;
        }
        finalCpuSeconds = cpuSeconds(); // before SIGTERM: the clean shutdown's few milliseconds are not counted
        try
        {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException e)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString()
    {
        return name + " (pid " + process.pid() + ")";
    }
}
