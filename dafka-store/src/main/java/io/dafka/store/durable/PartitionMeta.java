package io.dafka.store.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Which partition a log directory holds: its directory name (readable, unique) and the {@value #FILE_NAME} file
 * in it that records the exact subject and partition address, so the log describes itself without the index.
 * <pre>
 *   0  int  magic 'DFKM'   4  int subject length   8  subject (UTF-8)   int partition length   partition (UTF-8)
 *   int crc32c of everything before it
 * </pre>
 */
record PartitionMeta(String subject, String partition)
{
    static final String FILE_NAME = "partition.meta";
    private static final int MAGIC = 0x44464B4D;
    private static final int NAME_PART = 48;

    /**
     * A directory name for this partition: the subject and address made file-name safe and shortened, plus a hash
     * of the exact pair, then {@code ~n} if {@code attempt > 0} (a collision).
     */
    String directoryName(final int attempt)
    {
        final CRC32C crc = new CRC32C();
        crc.update(key().getBytes(StandardCharsets.UTF_8));
        final String name = safe(subject) + "." + safe(partition) + "." +
            String.format(Locale.ROOT, "%08x", crc.getValue());
        return attempt == 0 ? name : name + "~" + attempt;
    }

    /** The pair as one string, e.g. for logs. */
    String key()
    {
        return subject + '\0' + partition;
    }

    /** Writes the meta file of a new partition directory and fsyncs it and the directory. */
    void write(final Path directory) throws IOException
    {
        final byte[] subjectBytes = subject.getBytes(StandardCharsets.UTF_8);
        final byte[] partitionBytes = partition.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer buffer = ByteBuffer.allocate(16 + subjectBytes.length + partitionBytes.length);
        buffer.putInt(MAGIC).putInt(subjectBytes.length).put(subjectBytes).putInt(partitionBytes.length)
            .put(partitionBytes);
        final CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int)crc.getValue());
        final Path temporary = directory.resolve(FILE_NAME + ".tmp");
        Files.write(temporary, buffer.array());
        Fsync.file(temporary);
        Files.move(temporary, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(directory);
    }

    /** Reads the meta file of {@code directory}, or null if it is missing or damaged. */
    static PartitionMeta read(final Path directory) throws IOException
    {
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        final byte[] bytes = Files.readAllBytes(file);
        try
        {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.getInt() != MAGIC)
            {
                return null;
            }
            final String subject = text(buffer);
            final String partition = text(buffer);
            final int end = buffer.position();
            final CRC32C crc = new CRC32C();
            crc.update(bytes, 0, end);
            return buffer.getInt() == (int)crc.getValue() && !buffer.hasRemaining() ?
                new PartitionMeta(subject, partition) : null;
        }
        catch (final RuntimeException damaged)
        {
            return null; // a length beyond the file, a negative length
        }
    }

    private static String text(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String safe(final String text)
    {
        final StringBuilder name = new StringBuilder(Math.min(text.length(), NAME_PART));
        for (int i = 0; i < text.length() && name.length() < NAME_PART; i++)
        {
            final char c = text.charAt(i);
            name.append(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_') ? c : '_');
        }
        return name.toString();
    }
}
