package io.dafka.system.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dafka.discovery.TowerNode;
import io.dafka.examples.DafkaCli;
import io.dafka.testing.ChildJvm;

/**
 * A {@code ./dafka store} daemon in a child JVM on one directory, reaching one tower over loopback; it can be killed
 * with SIGKILL, stopped with SIGTERM and started again on the same directory, with extra {@code --set KEY=VALUE}
 * settings. Its status lines ({@code store: directory … N record(s) lost}, {@code store: degraded: …},
 * {@code store: healthy: …}) are read in the order the store prints them.
 */
final class StoreDaemon implements AutoCloseable
{
    /** Start-up includes Chronicle Map's first use and index recovery: long on a loaded 2-core machine. */
    private static final Duration READY = Duration.ofSeconds(180);
    private static final Pattern READER_ENDPOINT = Pattern.compile("reader \\S+ at (\\S+),");
    private static final Duration STOP = Duration.ofSeconds(60);
    private static final Pattern LOST = Pattern.compile("(\\d+) record\\(s\\) lost");

    private final Path directory;
    private final String towerSub;
    private final String towerPub;
    private final List<String> settings;
    /** {@code ulimit -n} of the process, 0 for the inherited limit. */
    private final int fileLimit;
    private ChildJvm process;
    private String readerEndpoint;
    private String recoveryLine;

    private StoreDaemon(final Path directory, final String towerSub, final String towerPub, final int fileLimit,
        final List<String> settings)
    {
        this.directory = directory;
        this.towerSub = towerSub;
        this.towerPub = towerPub;
        this.fileLimit = fileLimit;
        this.settings = List.copyOf(settings);
    }

    /**
     * Starts a store on {@code directory} without waiting for it: see {@link #awaitReady()}. {@code settings} are
     * extra {@code KEY=VALUE} pairs passed with {@code --set}.
     */
    static StoreDaemon launch(final Path directory, final TowerNode tower, final String... settings)
        throws IOException
    {
        return launchWithFileLimit(directory, tower, 0, settings);
    }

    /** As {@link #launch(Path, TowerNode, String...)} with a tower known by its endpoints (e.g. in a child JVM). */
    static StoreDaemon launch(final Path directory, final String towerSub, final String towerPub,
        final String... settings) throws IOException
    {
        final StoreDaemon daemon = new StoreDaemon(directory, towerSub, towerPub, 0, List.of(settings));
        daemon.launch();
        return daemon;
    }

    /** As {@link #launch(Path, TowerNode, String...)}, every start under {@code ulimit -n fileLimit}. */
    static StoreDaemon launchWithFileLimit(final Path directory, final TowerNode tower, final int fileLimit,
        final String... settings) throws IOException
    {
        final StoreDaemon daemon = new StoreDaemon(directory, tower.subEndpoint(), tower.pubEndpoint(), fileLimit,
            List.of(settings));
        daemon.launch();
        return daemon;
    }

    /** Starts the store (again) on the same directory without waiting: see {@link #awaitReady()}. */
    void launch(final String... moreSettings) throws IOException
    {
        final List<String> arguments = new ArrayList<>(List.of("store", "--dir", directory.toString(),
            "--sub", towerSub, "--pub", towerPub, "--address", "127.0.0.1",
            "--set", "beacon.interval=100", "--set", "beacon.timeout=3000", "--set", "store.index.entries=1000"));
        for (final String setting : settings)
        {
            arguments.add("--set");
            arguments.add(setting);
        }
        for (final String setting : moreSettings)
        {
            arguments.add("--set");
            arguments.add(setting);
        }
        recoveryLine = null;
        final String[] args = arguments.toArray(String[]::new);
        process = fileLimit > 0 ? ChildJvm.startWithFileLimit(fileLimit, DafkaCli.class, args)
            : ChildJvm.start(DafkaCli.class, args);
    }

    /** Waits until the launched store has recovered its directory and joined the tower. */
    void awaitReady() throws InterruptedException
    {
        recoveryLine = process.awaitLine("store: directory ", READY);
        final Matcher endpoints = READER_ENDPOINT.matcher(process.awaitLine("store: writer", READY));
        readerEndpoint = endpoints.find() ? endpoints.group(1) : null;
        process.awaitLine("store: ready", READY);
    }

    /** The store reader's data endpoint, from the start-up line of the last {@link #awaitReady()}. */
    String readerEndpoint()
    {
        return readerEndpoint;
    }

    /** The start-up line with the recovery report of the last {@link #awaitReady()}. */
    String recoveryLine()
    {
        return recoveryLine;
    }

    /** The records the last start-up's recovery report said were lost ({@code N record(s) lost}). */
    long recordsLostAtStart()
    {
        final Matcher lost = LOST.matcher(recoveryLine);
        if (!lost.find())
        {
            throw new AssertionError("no 'record(s) lost' in the store's start-up line: " + recoveryLine);
        }
        return Long.parseLong(lost.group(1));
    }

    /**
     * Waits up to {@code timeout} for the next status line starting with {@code prefix} (e.g.
     * {@code store: degraded}), skipping other lines; returns it, or null if none came.
     */
    String awaitStatus(final String prefix, final Duration timeout) throws InterruptedException
    {
        try
        {
            return process.awaitLine(prefix, timeout);
        }
        catch (final AssertionError none)
        {
            return null;
        }
    }

    /** The store process (its pid, to read its figures from /proc). */
    Process process()
    {
        return process.process();
    }

    /** Whether the store process is running. */
    boolean alive()
    {
        return process.process().isAlive();
    }

    /** After the process exited: its last {@code count} output lines (e.g. why it died). */
    List<String> lastLines(final int count) throws InterruptedException
    {
        final List<String> lines = process.allLines();
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    /** The store's directory. */
    Path directory()
    {
        return directory;
    }

    /** SIGKILL: no flush, no clean close; waits until the process is gone. */
    void kill() throws InterruptedException
    {
        process.kill();
    }

    /** SIGTERM: the store flushes and closes its files; waits until it exited and returns its exit code. */
    int stop() throws InterruptedException
    {
        process.process().destroy();
        final int exit = process.waitFor(STOP);
        if (exit == -1)
        {
            throw new AssertionError("the store on " + directory + " did not stop within " + STOP + " of SIGTERM");
        }
        return exit;
    }

    @Override
    public void close()
    {
        process.close();
    }
}
