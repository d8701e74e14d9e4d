package io.dafka.system.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dafka.discovery.TowerNode;
import io.dafka.examples.DafkaCli;
import io.dafka.testing.ChildJvm;

/**
 * A {@code ./dafka store} daemon in a child JVM on one directory, reaching one tower over loopback; it can be killed
 * with SIGKILL and started again on the same directory.
 */
final class StoreDaemon implements AutoCloseable
{
    /** Start-up includes Chronicle Map's first use and index recovery: long on a loaded 2-core machine. */
    private static final Duration READY = Duration.ofSeconds(180);
    private static final Pattern READER_ENDPOINT = Pattern.compile("reader \\S+ at (\\S+),");

    private final Path directory;
    private final TowerNode tower;
    private ChildJvm process;
    private String readerEndpoint;

    private StoreDaemon(final Path directory, final TowerNode tower)
    {
        this.directory = directory;
        this.tower = tower;
    }

    /** Starts a store on {@code directory} without waiting for it: see {@link #awaitReady()}. */
    static StoreDaemon launch(final Path directory, final TowerNode tower) throws IOException
    {
        final StoreDaemon daemon = new StoreDaemon(directory, tower);
        daemon.launch();
        return daemon;
    }

    /** Starts the store (again) on the same directory without waiting: see {@link #awaitReady()}. */
    void launch() throws IOException
    {
        process = ChildJvm.start(DafkaCli.class, "store", "--dir", directory.toString(), "--sub", tower.subEndpoint(),
            "--pub", tower.pubEndpoint(), "--address", "127.0.0.1", "--set", "beacon.interval=100",
            "--set", "beacon.timeout=3000", "--set", "store.index.entries=1000");
    }

    /** Waits until the launched store has recovered its directory and joined the tower. */
    void awaitReady() throws InterruptedException
    {
        final Matcher endpoints = READER_ENDPOINT.matcher(process.awaitLine("store: writer", READY));
        readerEndpoint = endpoints.find() ? endpoints.group(1) : null;
        process.awaitLine("store: ready", READY);
    }

    /** The store reader's data endpoint, from the start-up line of the last {@link #awaitReady()}. */
    String readerEndpoint()
    {
        return readerEndpoint;
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

    @Override
    public void close()
    {
        process.close();
    }
}
