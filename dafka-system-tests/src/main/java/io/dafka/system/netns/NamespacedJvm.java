package io.dafka.system.netns;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class run in a child JVM inside a network namespace ({@code ip netns exec <ns> java ...}) with this
 * JVM's class path and module flags. Its output is read line by line and lines can be sent to its stdin; close
 * kills it. (A minimal cousin of dafka-store's test ChildJvm, which cannot be reached from main code.)
 */
final class NamespacedJvm implements AutoCloseable
{
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Writer stdin;

    private NamespacedJvm(final Process process)
    {
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
                // the process is gone
            }
        }, "netns-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code args} in namespace {@code namespace}. */
    static NamespacedJvm start(final String namespace, final Class<?> main, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle."))
            {
                command.add(argument);
            }
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new NamespacedJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for the next line that starts with {@code prefix}, skipping others (logs). */
    String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final long left = deadline - System.nanoTime();
            final String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null)
            {
                throw new IllegalStateException("no line starting with '" + prefix + "' within " + timeout +
                    "; the child printed " + seen + (process.isAlive() ? "" : " and exited " + process.exitValue()));
            }
            seen.add(line);
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
    }

    /** Sends one line to the child's stdin. */
    void send(final String line) throws IOException
    {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Kills the child if it still runs and waits until it is gone. */
    @Override
    public void close() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
