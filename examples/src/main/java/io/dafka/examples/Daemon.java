package io.dafka.examples;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a daemon until SIGTERM or Ctrl-C: the JVM's shutdown hook closes its resources in order (a store flushes,
 * fsyncs and closes its files) before the JVM exits.
 */
final class Daemon
{
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private Daemon()
    {
    }

    /** Blocks until the JVM shuts down, closing {@code resources} in the given order first. */
    static void runUntilTerminated(final String name, final AutoCloseable... resources)
    {
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            LOG.info("{}: stopping", name);
            for (final AutoCloseable resource : resources)
            {
                try
                {
                    resource.close();
                }
                catch (final Exception e)
                {
                    LOG.warn("{}: could not close {}", name, resource, e);
                }
            }
            System.out.println(name + ": stopped");
            System.out.flush();
            stopped.countDown();
        }, name + "-shutdown"));
        try
        {
            stopped.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
