package io.dafka.store.durable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.dafka.DafkaException;

/** The lock on {@code DIR/.lock}, held while a store is open: one store process per directory. */
final class DirectoryLock
{
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory}.
     *
     * @throws DafkaException if another store holds the directory
     */
    static DirectoryLock acquire(final Path directory) throws IOException
    {
        final FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        return new DirectoryLock(channel, tryLock(channel, directory));
    }

    /** Releases the lock and closes its file. */
    void release() throws IOException
    {
        lock.release();
        channel.close();
    }

    private static FileLock tryLock(final FileChannel channel, final Path directory) throws IOException
    {
        FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException e)
        {
            lock = null;
        }
        if (lock == null)
        {
            channel.close();
            throw new DafkaException("store directory " + directory + " is in use by another store");
        }
        return lock;
    }
}
