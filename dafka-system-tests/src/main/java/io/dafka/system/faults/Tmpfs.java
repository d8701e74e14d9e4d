package io.dafka.system.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory of its own ({@code mount -t tmpfs}: root only), so a scenario can fill a
 * store's disk for real; unmounted on close. A filler file takes all but a given number of bytes and is deleted to
 * give the space back.
 */
final class Tmpfs implements AutoCloseable
{
    private static final int CHUNK = 64 * 1024;

    private final Path mountPoint;
    private final Path filler;

    private Tmpfs(final Path mountPoint)
    {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /**
     * Mounts a tmpfs of {@code bytes} on {@code mountPoint} (created if missing).
     *
     * @throws IOException with the reason if it cannot be mounted here (not root, no tmpfs, no mount command)
     */
    static Tmpfs mount(final Path mountPoint, final long bytes) throws IOException
    {
        Files.createDirectories(mountPoint);
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", mountPoint.toString()));
        return new Tmpfs(mountPoint);
    }

    Path path()
    {
        return mountPoint;
    }

    /** Bytes still free for an unprivileged writer. */
    long free() throws IOException
    {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /** Writes a filler file (real pages, not a sparse hole) that leaves about {@code leave} bytes free. */
    void fillLeaving(final long leave) throws IOException
    {
        final byte[] chunk = new byte[CHUNK];
        long left = free() - leave;
        try (OutputStream out = Files.newOutputStream(filler))
        {
            while (left > 0)
            {
                final int size = (int)Math.min(CHUNK, left);
                out.write(chunk, 0, size);
                left -= size;
            }
        }
    }

    /** Deletes the filler file: its space is free again. */
    void deleteFiller() throws IOException
    {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            run(List.of("umount", mountPoint.toString()));
        }
        catch (final IOException busy)
        {
            run(List.of("umount", "-l", mountPoint.toString())); // a child still holding a file: detach it
        }
    }

    private static void run(final List<String> command) throws IOException
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException e)
        {
            throw new IOException(String.join(" ", command) + ": " + e.getMessage(), e);
        }
        try
        {
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 30 s");
            }
            if (process.exitValue() != 0)
            {
                throw new IOException(String.join(" ", command) + " exited " + process.exitValue() +
                    (output.isEmpty() ? "" : ": " + output));
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
