package io.dafka.store.durable;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment files a store holds open: at most {@code store.open_files} of them, whatever the number of partitions
 * and segments. A {@link SegmentFile} is opened when it is first used and stays open while it is pinned (read,
 * written or forced right now); once no file is left to open, the least recently used file no one pins is closed.
 * If every open file is pinned the cache opens one more and closes the excess as soon as a file is unpinned, so
 * it holds at most {@code store.open_files} plus the files being used at that instant (one per thread).
 *
 * <p>A file closed with appended data not yet forced is forced first (policy {@code batch}), so a batch's fsync,
 * which skips files with nothing left to force, still covers every record it ACKs; if that fsync fails the failure
 * is kept and thrown by the file's next {@link SegmentFile#force}, which fails the batch. Running out of
 * descriptors anyway ("Too many open files") closes every unpinned file and tries once more; if that fails too, one
 * error names the setting and the limit, and the operation fails (a write is rolled back, a read is not served).
 * Thread-safe: one lock, also held while a closed file is forced.
 */
final class OpenFiles
{
    private static final Logger LOG = LoggerFactory.getLogger(OpenFiles.class);

    private final int capacity;
    private final boolean forceOnClose;
    private final DiskFaults faults;
    /** Open files no one pins, least recently used first. */
    private final LinkedHashSet<SegmentFile> idle = new LinkedHashSet<>();
    private int open;
    private long opened;
    private boolean exhaustedReported;

    /**
     * @param capacity     most files open at once (store.open_files)
     * @param forceOnClose whether a file closed with unforced data is forced first (store.fsync = batch)
     * @param faults       checked before that fsync ({@link DiskFaults#NONE} but in tests)
     */
    OpenFiles(final int capacity, final boolean forceOnClose, final DiskFaults faults)
    {
        this.capacity = capacity;
        this.forceOnClose = forceOnClose;
        this.faults = faults;
    }

    /** Files open now. */
    synchronized int open()
    {
        return open;
    }

    /** Times a file was opened since start (a file closed to make room and used again counts again). */
    synchronized long opened()
    {
        return opened;
    }

    /** Opens {@code file} if it is not open and pins it: it stays open until {@link #unpin}. */
    synchronized FileChannel pin(final SegmentFile file) throws IOException
    {
        if (file.closed)
        {
            throw new ClosedChannelException();
        }
        if (file.channel == null)
        {
            closeIdle(capacity - 1);
            file.channel = openChannel(file);
            file.create = false;
            open++;
            opened++;
        }
        else if (file.pins == 0)
        {
            idle.remove(file);
        }
        file.pins++;
        return file.channel;
    }

    /** Ends a {@link #pin}; {@code wrote} if data was written that is not yet forced. */
    synchronized void unpin(final SegmentFile file, final boolean wrote)
    {
        file.dirty |= wrote;
        file.pins--;
        if (file.pins == 0 && file.channel != null)
        {
            idle.add(file);
            closeIdle(capacity);
        }
    }

    /**
     * Forces {@code file}'s unforced data to the device, if it has any (open or not), or throws the failure of the
     * fsync made when it was closed to make room.
     */
    void force(final SegmentFile file) throws IOException
    {
        final FileChannel channel;
        synchronized (this)
        {
            final IOException failed = file.forceFailure;
            if (failed != null)
            {
                file.forceFailure = null;
                throw new IOException("fsync of " + file.path + " failed when it was closed: " + failed.getMessage(),
                    failed);
            }
            if (!file.dirty)
            {
                return;
            }
            channel = pin(file);
        }
        boolean forced = false;
        try
        {
            channel.force(false); // outside the lock: pinned, so not closed meanwhile but by close()/delete()
            forced = true;
        }
        finally
        {
            synchronized (this)
            {
                file.dirty &= !forced;
                unpin(file, false);
            }
        }
    }

    /** Closes {@code file} for good, pinned or not (a thread reading it fails with ClosedChannelException). */
    synchronized void close(final SegmentFile file) throws IOException
    {
        file.closed = true;
        final FileChannel channel = file.channel;
        if (channel != null)
        {
            idle.remove(file);
            file.channel = null;
            open--;
            channel.close();
        }
    }

    /** Closes the least recently used unpinned files until at most {@code limit} are open. */
    private void closeIdle(final int limit)
    {
        final Iterator<SegmentFile> oldest = idle.iterator();
        while (open > limit && oldest.hasNext())
        {
            final SegmentFile file = oldest.next();
            oldest.remove();
            closeUnpinned(file);
        }
    }

    private void closeUnpinned(final SegmentFile file)
    {
        final FileChannel channel = file.channel;
        file.channel = null;
        open--;
        try
        {
            if (file.dirty && forceOnClose)
            {
                try
                {
                    faults.check(DiskFaults.Operation.FORCE, file.path);
                    channel.force(false);
                    file.dirty = false;
                }
                catch (final IOException e)
                {
                    file.forceFailure = e; // the batch that wrote it fails and rolls back
                }
            }
        }
        finally
        {
            try
            {
                channel.close();
            }
            catch (final IOException e)
            {
                LOG.warn("cannot close {}", file.path, e);
            }
        }
    }

    private FileChannel openChannel(final SegmentFile file) throws IOException
    {
        try
        {
            final FileChannel channel = tryOpen(file);
            exhaustedReported = false;
            return channel;
        }
        catch (final FileSystemException e)
        {
            if (!tooManyOpenFiles(e))
            {
                throw e;
            }
            closeIdle(0);
            try
            {
                return tryOpen(file);
            }
            catch (final FileSystemException again)
            {
                if (!tooManyOpenFiles(again))
                {
                    throw again;
                }
                final String message = "cannot open " + file.path + ": the process has too many open files (" +
                    open + " segment files among them); lower store.open_files (now " + capacity +
                    ") or raise the limit of open files (ulimit -n)";
                if (!exhaustedReported)
                {
                    exhaustedReported = true;
                    LOG.error(message);
                }
                throw new IOException(message, again);
            }
        }
    }

    private static FileChannel tryOpen(final SegmentFile file) throws IOException
    {
        return file.create ?
            FileChannel.open(file.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE) :
            FileChannel.open(file.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Whether {@code e} is EMFILE or ENFILE: the process (or system) is out of file descriptors. */
    static boolean tooManyOpenFiles(final FileSystemException e)
    {
        final String reason = e.getReason();
        return reason != null && reason.contains("Too many open files");
    }
}
