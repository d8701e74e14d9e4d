package io.dafka.system.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dafka.examples.DafkaCli;
import io.dafka.testing.ChildJvm;

/** A {@code ./dafka tower} in its own JVM on ephemeral loopback ports, and the endpoints it printed. */
final class TowerDaemon implements AutoCloseable
{
    private static final Pattern ENDPOINTS = Pattern.compile("beacons in at (\\S+), out at (\\S+)");
    private static final Duration READY = Duration.ofSeconds(120);

    private final ChildJvm process;
    private final String sub;
    private final String pub;

    private TowerDaemon(final ChildJvm process, final String sub, final String pub)
    {
        this.process = process;
        this.sub = sub;
        this.pub = pub;
    }

    /** Starts the tower and waits until it printed where it listens. */
    static TowerDaemon start() throws IOException, InterruptedException
    {
        final ChildJvm process = ChildJvm.start(DafkaCli.class, "tower", "--sub", "tcp://127.0.0.1:*",
            "--pub", "tcp://127.0.0.1:*");
        try
        {
            final Matcher endpoints = ENDPOINTS.matcher(process.awaitLine("tower: beacons in at", READY));
            if (!endpoints.find())
            {
                throw new IllegalStateException("no endpoints in the tower's start-up line");
            }
            return new TowerDaemon(process, endpoints.group(1), endpoints.group(2));
        }
        catch (final RuntimeException | Error | InterruptedException e)
        {
            process.close();
            throw e;
        }
    }

    /** Where nodes send their beacons (the tower's XSUB). */
    String sub()
    {
        return sub;
    }

    /** Where nodes hear the others' beacons (the tower's XPUB). */
    String pub()
    {
        return pub;
    }

    long pid()
    {
        return process.process().pid();
    }

    @Override
    public void close()
    {
        process.close();
    }
}
