package io.dafka.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A durable map of committed offsets in one directory: a snapshot {@code offsets} holding every entry, and a
 * journal {@code offsets.log} of the commits made since. A commit appends one record to the journal and forces it
 * with a single {@code fdatasync}: the journal is preallocated with zeros, so the write changes no file size and no
 * metadata. When the journal is full, the whole state is written as a new snapshot (beside it, forced, renamed over
 * the old one) and the journal starts again under the next epoch; records of an older epoch end the journal.
 * Replaying a journal that a crash left behind over the snapshot made from it changes nothing, so a crash at any
 * point leaves exactly the acknowledged commits.
 *
 * <pre>
 *   offsets     = snapshot magic | count(4) | count x entry | CRC32C(4)
 *   offsets.log = header: journal magic | epoch(8) | CRC32C(4) of the 12 bytes before,
 *                 then records: length(4) | CRC32C(4) of epoch and payload | epoch(8) | payload, then zeros
 *   payload     = count(4) | count x entry
 * </pre>
 * The {@link Format} gives the two magic numbers and the layout of an entry (a key and its value): the Kafka
 * consumer's offsets file and a store's committed offsets use the same files with their own entries. A map, not
 * a log: the snapshot holds one entry per key, so the files stay as large as the map plus one journal.
 *
 * <p>Not thread-safe: its owner lets one writer at a time in.
 *
 * @param <K> the key of an entry
 * @param <V> its value
 */
public final class OffsetsJournal<K, V> implements AutoCloseable
{
    /** Default journal size: about ten thousand single-partition commits between snapshots. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private static final int HEADER = 16;
    private static final int RECORD_HEADER = 16;
    private static final int ZEROS = 64 * 1024;

    /** How data reaches the disk; tests count or hold the calls, or make them fail. */
    @FunctionalInterface
    public interface Sync
    {
        /** Forces {@code channel}'s content (and its metadata when {@code metadata}) to the device. */
        void force(FileChannel channel, boolean metadata) throws IOException;
    }

    /** The real thing: {@link FileChannel#force}. */
    public static final Sync FORCE = FileChannel::force;

    /**
     * The files' magic numbers and how one entry is laid out.
     *
     * @param <K> the key of an entry
     * @param <V> its value
     */
    public interface Format<K, V>
    {
        /** The first four bytes of the snapshot file. */
        int snapshotMagic();

        /** The first four bytes of the journal file. */
        int journalMagic();

        /** Writes one entry. */
        void write(DataOutput out, K key, V value) throws IOException;

        /** Reads one entry into {@code into}. */
        void read(DataInput in, Map<K, V> into) throws IOException;
    }

    private final Format<K, V> format;
    private final Path snapshot;
    private final Path journal;
    private final Sync sync;
    private final long capacity;
    private FileChannel channel;
    private long epoch;
    private long end;
    private boolean closed;

    private OffsetsJournal(final Format<K, V> format, final Path directory, final Sync sync, final FileChannel channel,
        final long capacity)
    {
        this.format = format;
        this.snapshot = directory.resolve("offsets");
        this.journal = directory.resolve("offsets.log");
        this.sync = sync;
        this.channel = channel;
        this.capacity = capacity;
    }

    /**
     * Opens the snapshot and journal in {@code directory} (creating the journal if needed) and reads every committed
     * offset into {@code into}.
     */
    public static <K, V> OffsetsJournal<K, V> open(final Format<K, V> format, final Path directory, final Sync sync,
        final int capacity, final Map<K, V> into) throws IOException
    {
        final FileChannel channel = FileChannel.open(directory.resolve("offsets.log"), StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
        try
        {
            final OffsetsJournal<K, V> journal = new OffsetsJournal<>(format, directory, sync, channel,
                Math.max(channel.size(), HEADER + RECORD_HEADER));
            journal.readSnapshot(into);
            if (!journal.replay(into))
            {
                return journal.recreate(capacity);
            }
            return journal;
        }
        catch (final IOException | RuntimeException e)
        {
            channel.close();
            throw e;
        }
    }

    /**
     * Makes {@code commits} durable; {@code before} is the whole state without them (written as the new snapshot
     * when the journal is full, so that the snapshot is always what its journal replays to). An interrupt of the
     * calling thread neither stops the write nor breaks the journal; the thread stays interrupted.
     */
    public void append(final Map<K, V> commits, final Map<K, V> before) throws IOException
    {
        if (closed)
        {
            throw new ClosedChannelException();
        }
        // an interrupt during the write would close the channel under every later commit: hold it until done
        boolean interrupted = Thread.interrupted();
        try
        {
            if (!channel.isOpen())
            {
                reopen();
            }
            write(commits, before);
        }
        catch (final ClosedByInterruptException e)
        {
            interrupted = true;
            Thread.interrupted();
            reopen();
            write(commits, before); // the same bytes at the same place
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        closed = true;
        channel.close();
    }

    private void reopen() throws IOException
    {
        channel.close();
        channel = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private void write(final Map<K, V> commits, final Map<K, V> before) throws IOException
    {
        final byte[] payload = encode(commits);
        if (end + RECORD_HEADER + payload.length > capacity)
        {
            final boolean fits = HEADER + RECORD_HEADER + payload.length <= capacity;
            final Map<K, V> state = new HashMap<>(before);
            if (!fits)
            {
                state.putAll(commits);
            }
            writeSnapshot(state);
            epoch++;
            writeFully(header(epoch), 0);
            sync.force(channel, false);
            end = HEADER;
            if (!fits)
            {
                return;
            }
        }
        final ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + payload.length);
        record.putInt(payload.length).putInt(0).putLong(epoch).put(payload);
        record.putInt(4, crc(record.array(), 8, 8 + payload.length));
        record.flip();
        writeFully(record, end);
        sync.force(channel, false);
        end += RECORD_HEADER + payload.length;
    }

    /**
     * Reads the journal's records of its epoch into {@code into}; false if it was never finished (zeros where the
     * header goes). The first record that is not whole ends the journal: a torn write of a commit that was never
     * acknowledged. A damaged header, or a damaged record followed by a whole one, is corruption.
     */
    private boolean replay(final Map<K, V> into) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER);
        channel.read(header, 0);
        if (header.getInt(0) != format.journalMagic() || header.getInt(12) != crc(header.array(), 0, 12))
        {
            if (header.getLong(0) == 0 && header.getLong(8) == 0)
            {
                return false; // never finished creating: it held no commit
            }
            throw new IOException(journal + " is corrupt (bad header)");
        }
        epoch = header.getLong(4);
        end = HEADER;
        for (int length = readRecord(end, into); length >= 0; length = readRecord(end, into))
        {
            end += RECORD_HEADER + length;
        }
        final ByteBuffer next = ByteBuffer.allocate(4);
        channel.read(next, end);
        final long following = end + RECORD_HEADER + next.getInt(0);
        if (next.getInt(0) > 0 && following < capacity && readRecord(following, null) >= 0)
        {
            throw new IOException(journal + " is corrupt (a damaged record at byte " + end + " before whole ones)");
        }
        return true;
    }

    /** The payload length of the whole record of this epoch at {@code position} (read into {@code into}), or -1. */
    private int readRecord(final long position, final Map<K, V> into) throws IOException
    {
        final ByteBuffer recordHeader = ByteBuffer.allocate(RECORD_HEADER);
        if (channel.read(recordHeader, position) < RECORD_HEADER)
        {
            return -1;
        }
        final int length = recordHeader.getInt(0);
        if (length <= 0 || position + RECORD_HEADER + length > capacity || recordHeader.getLong(8) != epoch)
        {
            return -1;
        }
        final ByteBuffer record = ByteBuffer.allocate(8 + length);
        record.putLong(epoch);
        channel.read(record, position + RECORD_HEADER);
        if (record.hasRemaining() || crc(record.array(), 0, record.capacity()) != recordHeader.getInt(4))
        {
            return -1;
        }
        if (into != null)
        {
            decode(new DataInputStream(new ByteArrayInputStream(record.array(), 8, length)), into);
        }
        return length;
    }

    /** Replaces a journal without a valid header by zeros of {@code size} bytes under epoch 1. */
    private OffsetsJournal<K, V> recreate(final int size) throws IOException
    {
        channel.truncate(0);
        final ByteBuffer zeros = ByteBuffer.allocate(ZEROS);
        for (long position = 0; position < size; position += ZEROS)
        {
            zeros.clear().limit((int)Math.min(ZEROS, size - position));
            writeFully(zeros, position);
        }
        sync.force(channel, true);
        final OffsetsJournal<K, V> fresh = new OffsetsJournal<>(format, snapshot.getParent(), sync, channel, size);
        fresh.epoch = 1;
        fresh.end = HEADER;
        fresh.writeFully(header(1), 0);
        sync.force(channel, false);
        fresh.forceDirectory();
        return fresh;
    }

    private void readSnapshot(final Map<K, V> into) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(snapshot);
        }
        catch (final NoSuchFileException none)
        {
            return;
        }
        if (bytes.length < 12 || ByteBuffer.wrap(bytes).getInt() != format.snapshotMagic())
        {
            throw new IOException(snapshot + " is not a Dafka offsets file");
        }
        if (crc(bytes, 0, bytes.length - 4) != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt())
        {
            throw new IOException(snapshot + " is corrupt (checksum mismatch)");
        }
        decode(new DataInputStream(new ByteArrayInputStream(bytes, 4, bytes.length - 8)), into);
    }

    private void writeSnapshot(final Map<K, V> all) throws IOException
    {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(format.snapshotMagic());
        out.write(encode(all));
        out.writeInt(crc(buffer.toByteArray(), 0, buffer.size()));
        final Path temporary = snapshot.resolveSibling("offsets.tmp");
        try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
            while (bytes.hasRemaining())
            {
                file.write(bytes);
            }
            sync.force(file, true);
        }
        try
        {
            Files.move(temporary, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException e)
        {
            Files.move(temporary, snapshot, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(); // the rename itself is durable before the journal moves on
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel directory = FileChannel.open(snapshot.getParent(), StandardOpenOption.READ))
        {
            sync.force(directory, true);
        }
    }

    private void writeFully(final ByteBuffer bytes, final long position) throws IOException
    {
        long at = position;
        while (bytes.hasRemaining())
        {
            at += channel.write(bytes, at);
        }
    }

    private ByteBuffer header(final long epoch)
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.putInt(format.journalMagic()).putLong(epoch);
        header.putInt(crc(header.array(), 0, 12));
        return header.flip();
    }

    private byte[] encode(final Map<K, V> offsets) throws IOException
    {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(offsets.size());
        for (final Map.Entry<K, V> entry : offsets.entrySet())
        {
            format.write(out, entry.getKey(), entry.getValue());
        }
        return buffer.toByteArray();
    }

    private void decode(final DataInputStream in, final Map<K, V> into) throws IOException
    {
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            format.read(in, into);
        }
    }

    private static int crc(final byte[] bytes, final int offset, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int)crc.getValue();
    }
}
