package io.dafka.system.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

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

    private final Path directory;
    private final TowerNode tower;
    private ChildJvm process;

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
        process.awaitLine("store: ready", READY);
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
