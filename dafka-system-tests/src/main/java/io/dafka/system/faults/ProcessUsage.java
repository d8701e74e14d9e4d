package io.dafka.system.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a process holds, read from Linux's {@code /proc}: resident memory, open file descriptors and threads.
 *
 * @param rssKib  resident set size, KiB
 * @param fds     open file descriptors
 * @param threads threads
 */
record ProcessUsage(long rssKib, long fds, long threads)
{
    /** The usage of process {@code pid} now. */
    static ProcessUsage of(final long pid) throws IOException
    {
        final Path proc = Path.of("/proc", Long.toString(pid));
        long rss = -1;
        long threads = -1;
        for (final String line : Files.readAllLines(proc.resolve("status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
            else if (line.startsWith("Threads:"))
            {
                threads = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        try (Stream<Path> fds = Files.list(proc.resolve("fd")))
        {
            return new ProcessUsage(rss, fds.count(), threads);
        }
    }

    @Override
    public String toString()
    {
        return "rss=" + rssKib / 1024 + "MiB fds=" + fds + " threads=" + threads;
    }
}
