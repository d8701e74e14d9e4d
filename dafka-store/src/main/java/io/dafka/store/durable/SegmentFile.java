package io.dafka.store.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The file of one segment, opened through the store's {@link OpenFiles} when used and closed by it when other files
 * need the room: whoever reads, writes or forces it {@link #pin pins} it for that time. Its fields belong to the
 * {@link OpenFiles} lock. Also how segment files are named, read and written whole.
 */
final class SegmentFile
{
    final Path path;
    private final OpenFiles files;
    FileChannel channel;
    int pins;
    /** The file does not exist yet: the first open creates it. */
    boolean create;
    /** Written since its last fsync. */
    boolean dirty;
    /** The failure of the fsync made when it was closed to make room, for the next {@link #force}. */
    IOException forceFailure;
    boolean closed;

    private SegmentFile(final Path path, final OpenFiles files, final boolean create)
    {
        this.path = path;
        this.files = files;
        this.create = create;
    }

    /** A file that the first {@link #pin} creates (it must not exist). */
    static SegmentFile toCreate(final Path path, final OpenFiles files)
    {
        return new SegmentFile(path, files, true);
    }

    /** An existing file. */
    static SegmentFile existing(final Path path, final OpenFiles files)
    {
        return new SegmentFile(path, files, false);
    }

    /** Opens the file if needed and keeps it open until {@link #unpin}. */
    FileChannel pin() throws IOException
    {
        return files.pin(this);
    }

    /** Ends a {@link #pin} that only read. */
    void unpin()
    {
        files.unpin(this, false);
    }

    /** Ends a {@link #pin} that wrote (or cut) the file: it must be forced before it is closed or ACKed. */
    void unpinWritten()
    {
        files.unpin(this, true);
    }

    /** Forces what was written since the last fsync, if anything. */
    void force() throws IOException
    {
        files.force(this);
    }

    /** Closes the file for good. */
    void close() throws IOException
    {
        files.close(this);
    }

    /** The file name of the segment of {@code base}. */
    static String name(final long base)
    {
        return String.format(Locale.ROOT, "%020d%s", base, Segment.SUFFIX);
    }

    /** The base sequence in a segment file name, or -1 if it is not one. */
    static long baseOf(final String fileName)
    {
        if (fileName.length() != 20 + Segment.SUFFIX.length() || !fileName.endsWith(Segment.SUFFIX))
        {
            return -1;
        }
        for (int i = 0; i < 20; i++)
        {
            if (!Character.isDigit(fileName.charAt(i)))
            {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, 20));
    }

    /** Reads from {@code position} until {@code target} is full or the file ends. */
    static void readFully(final FileChannel channel, final ByteBuffer target, final long position)
        throws IOException
    {
        long at = position;
        while (target.hasRemaining())
        {
            final int read = channel.read(target, at);
            if (read < 0)
            {
                return;
            }
            at += read;
        }
    }

    /** Writes all of {@code source} at {@code position}. */
    static void writeFully(final FileChannel channel, final ByteBuffer source, final long position)
        throws IOException
    {
        long at = position;
        while (source.hasRemaining())
        {
            at += channel.write(source, at);
        }
    }
}
