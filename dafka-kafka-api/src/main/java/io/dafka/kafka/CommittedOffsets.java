package io.dafka.kafka;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The offsets a consumer group committed on this host: {@code <dir>/<group.id>/offsets}, keyed by topic and
 * partition address (never by the Kafka partition int). A commit rewrites the file beside it, forces it to disk
 * and renames it over the old one, so a crash leaves either the old or the new offsets, never a mix. The group
 * directory is locked while open: a second consumer of the same group on the same host fails at once.
 *
 * <pre>
 *   file = magic "DKO1" | count(4) | count x (topic UTF | address UTF | offset(8) | metadata UTF) | CRC32C(4)
 * </pre>
 */
final class CommittedOffsets implements AutoCloseable
{
    private static final int MAGIC = 0x444B4F31; // "DKO1"

    /** A committed position and the application's metadata string. */
    record Committed(long offset, String metadata)
    {
    }

    /** One partition: topic and Dafka partition address. */
    record Key(String topic, String partition)
    {
    }

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<Key, Committed> offsets = new HashMap<>();

    private CommittedOffsets(final Path file, final FileChannel lockChannel, final FileLock lock)
    {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) and locks the store of {@code groupId} under {@code directory}.
     *
     * @throws IllegalStateException if another consumer of this group holds it
     */
    static CommittedOffsets open(final Path directory, final String groupId)
    {
        try
        {
            final Path groupDir = directory.resolve(safeName(groupId));
            Files.createDirectories(groupDir);
            final FileChannel channel = FileChannel.open(groupDir.resolve("lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException heldInThisJvm)
            {
                channel.close();
                throw inUse(groupId, groupDir);
            }
            if (lock == null)
            {
                channel.close();
                throw inUse(groupId, groupDir);
            }
            final CommittedOffsets store = new CommittedOffsets(groupDir.resolve("offsets"), channel, lock);
            store.load();
            return store;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot open the committed offsets of group " + groupId, e);
        }
    }

    synchronized Committed get(final String topic, final String partition)
    {
        return offsets.get(new Key(topic, partition));
    }

    synchronized Map<Key, Committed> all()
    {
        return Collections.unmodifiableMap(new HashMap<>(offsets));
    }

    /** Merges {@code commits} into the store and makes them durable before returning. */
    synchronized void commit(final Map<Key, Committed> commits)
    {
        final Map<Key, Committed> next = new HashMap<>(offsets);
        next.putAll(commits);
        write(next);
        offsets.clear();
        offsets.putAll(next);
    }

    @Override
    public synchronized void close()
    {
        try
        {
            lock.release();
            lockChannel.close();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private void load() throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException none)
        {
            return;
        }
        if (bytes.length < 12 || ByteBuffer.wrap(bytes).getInt() != MAGIC)
        {
            throw new IOException(file + " is not a Dafka offsets file");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int)crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt())
        {
            throw new IOException(file + " is corrupt (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 4, bytes.length - 8)))
        {
            final int count = in.readInt();
            for (int i = 0; i < count; i++)
            {
                final Key key = new Key(in.readUTF(), in.readUTF());
                offsets.put(key, new Committed(in.readLong(), in.readUTF()));
            }
        }
    }

    private void write(final Map<Key, Committed> all)
    {
        try
        {
            final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            final DataOutputStream out = new DataOutputStream(buffer);
            out.writeInt(MAGIC);
            out.writeInt(all.size());
            for (final Map.Entry<Key, Committed> entry : all.entrySet())
            {
                out.writeUTF(entry.getKey().topic());
                out.writeUTF(entry.getKey().partition());
                out.writeLong(entry.getValue().offset());
                out.writeUTF(entry.getValue().metadata() == null ? "" : entry.getValue().metadata());
            }
            final CRC32C crc = new CRC32C();
            crc.update(buffer.toByteArray());
            out.writeInt((int)crc.getValue());
            final Path temporary = file.resolveSibling("offsets.tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException e)
            {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ))
            {
                directory.force(true); // the rename itself is durable
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static IllegalStateException inUse(final String groupId, final Path groupDir)
    {
        return new IllegalStateException("group.id '" + groupId + "' is in use by another consumer on this host (" +
            groupDir + " is locked); Dafka has no group coordinator, each consumer receives every record");
    }

    /** A file-name-safe form of a group id; distinct ids stay distinct. */
    private static String safeName(final String groupId)
    {
        final StringBuilder name = new StringBuilder();
        for (final char c : groupId.toCharArray())
        {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')
            {
                name.append(c);
            }
            else
            {
                name.append('%').append(String.format("%04x", (int)c));
            }
        }
        return name.length() == 0 || name.toString().startsWith(".") ? "%" + name : name.toString();
    }
}
