package io.dafka;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * A node could not get an operating-system resource it needs — file descriptors, a local port, memory — as
 * opposed to a peer that did not answer. The message names the resource and what to change; the cause is the
 * original (JeroMQ or NIO) exception.
 */
public final class DafkaResourceException extends DafkaException
{
    private static final long serialVersionUID = 1L;
    /** A process with fewer free file descriptors than this cannot start a node (sockets, mailboxes, connections). */
    static final long DESCRIPTOR_MARGIN = 16;
    private static final String OUT_OF_DESCRIPTORS = "out of file descriptors (Too many open files): raise the " +
        "process limit (ulimit -n, LimitNOFILE) or run fewer Dafka clients in this process; each client holds a " +
        "ZeroMQ context, its sockets and one connection per peer";

    private DafkaResourceException(final String message, final Throwable cause)
    {
        super(message, cause);
    }

    /**
     * {@code failure} as a resource exception if it or one of its causes is the exhaustion of a resource (the
     * message then says which and what to change, after {@code what}), else {@code failure} itself.
     *
     * @param what what failed, e.g. "dafka-producer failed to start"
     */
    public static RuntimeException classify(final String what, final RuntimeException failure)
    {
        final String resource = describe(failure);
        return resource == null ? failure : new DafkaResourceException(what + ": " + resource, failure);
    }

    /**
     * A wait for a peer (a tower's welcome) that timed out, as a resource exception if this process is within
     * {@link #DESCRIPTOR_MARGIN} of its file-descriptor limit: ZeroMQ's I/O thread then fails to connect without a
     * word and keeps retrying, so a timeout is all the node would see. Call it before the node closes its sockets.
     */
    public static DafkaException timedOut(final String message)
    {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os)
        {
            try
            {
                return timedOut(message, os.getOpenFileDescriptorCount(), os.getMaxFileDescriptorCount());
            }
            catch (final InternalError e)
            {
                // counting needs a descriptor too: "errno: 24 ... Unable to open directory /proc/self/fd"
                return new DafkaResourceException(message + ": " + OUT_OF_DESCRIPTORS, e);
            }
        }
        return new DafkaException(message);
    }

    /** As {@link #timedOut(String)} with the process's open and most file descriptors given. */
    static DafkaException timedOut(final String message, final long open, final long max)
    {
        if (max > 0 && open >= max - DESCRIPTOR_MARGIN)
        {
            return new DafkaResourceException(message + ": " + open + " of at most " + max + " file descriptors " +
                "are open: " + OUT_OF_DESCRIPTORS, null);
        }
        return new DafkaException(message);
    }

    /** What ran out, with the setting to change, if {@code failure} or a cause says a resource ran out; else null. */
    public static String describe(final Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause())
        {
            final String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (cause instanceof OutOfMemoryError)
            {
                return "out of memory (" + cause.getMessage() + "): give the JVM more heap or direct memory " +
                    "(-Xmx, -XX:MaxDirectMemorySize) or run fewer Dafka clients in this process";
            }
            if (cause instanceof IOException && message.contains("too many open files"))
            {
                return OUT_OF_DESCRIPTORS;
            }
            if (cause instanceof IOException && (message.contains("cannot assign requested address") ||
                message.contains("address already in use")))
            {
                return "no local port available (" + cause.getMessage() + "): free ports or widen the " +
                    "ephemeral port range (net.ipv4.ip_local_port_range), or check that dafka.beacon.address " +
                    "/ the configured endpoints name an address of this host that is not taken";
            }
        }
        return null;
    }
}
