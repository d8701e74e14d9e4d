package io.dafka.store.durable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of files and directories (a new or deleted file survives a crash only once its directory is synced). */
final class Fsync
{
    private Fsync()
    {
    }

    static void file(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
    }

    /** Syncs a directory's entries; a no-op where directories cannot be opened (not on Linux). */
    static void directory(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException notSupported)
        {
            if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"))
            {
                throw notSupported;
            }
        }
    }
}
