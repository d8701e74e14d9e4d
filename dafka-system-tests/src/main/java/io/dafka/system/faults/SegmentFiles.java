package io.dafka.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads and damages the segment files of a durable store's directory from outside the store, the way a disk or a
 * careless operator would: {@code partitions/<partition>/<20-digit base>.log}, each a 16-byte header and then
 * frames of {@code crc32c(4) length(4) sequence(8) timestamp(8) payload}, big-endian, the CRC covering bytes 4 to
 * the end of the frame (the store's own {@code RecordFrame} documents the layout; this copy is a test tool's view).
 */
final class SegmentFiles
{
    private static final int SEGMENT_HEADER = 16;
    private static final int FRAME_HEADER = 24;
    private static final int CRC_START = 4;

    private SegmentFiles()
    {
    }

    /** What the segment files of a store directory hold. */
    record Holding(BitSet sequences, long corruptFrames)
    {
        /** Distinct sequences held in frames whose CRC matches. */
        long held()
        {
            return sequences.cardinality();
        }

        /** Whether every sequence {@code 0..count-1} is held in a frame whose CRC matches. */
        boolean holdsAll(final long count)
        {
            return sequences.nextClearBit(0) >= count;
        }
    }

    /** Every segment file under {@code storeDirectory}, ordered by partition and then base sequence. */
    static List<Path> segments(final Path storeDirectory) throws IOException
    {
        final Path partitions = storeDirectory.resolve("partitions");
        if (!Files.isDirectory(partitions))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(partitions, 2))
        {
            return files.filter(SegmentFiles::isSegment).sorted().toList();
        }
    }

    /** The sequences held (CRC-valid frames) and the frames failing their CRC, over every segment of the store. */
    static Holding read(final Path storeDirectory) throws IOException
    {
        final BitSet sequences = new BitSet();
        long corrupt = 0;
        final CRC32C crc = new CRC32C();
        for (final Path segment : segments(storeDirectory))
        {
            final ByteBuffer bytes;
            try
            {
                bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
            }
            catch (final NoSuchFileException deleted)
            {
                continue; // retention or repair replaced it while we listed
            }
            for (int frame = SEGMENT_HEADER; frame + FRAME_HEADER <= bytes.limit(); )
            {
                final int length = bytes.getInt(frame + 4);
                if (length < 0 || frame + FRAME_HEADER + length > bytes.limit())
                {
                    break; // a torn tail, or a frame still being written
                }
                crc.reset();
                crc.update(bytes.array(), frame + CRC_START, FRAME_HEADER - CRC_START + length);
                if ((int)crc.getValue() == bytes.getInt(frame))
                {
                    sequences.set(Math.toIntExact(bytes.getLong(frame + 8)));
                }
                else
                {
                    corrupt++;
                }
                frame += FRAME_HEADER + length;
            }
        }
        return new Holding(sequences, corrupt);
    }

    /** Whether the store's segments hold every sequence {@code 0..count-1} in CRC-valid frames (false: unreadable). */
    static boolean holdsAll(final Path storeDirectory, final long count)
    {
        try
        {
            return read(storeDirectory).holdsAll(count);
        }
        catch (final IOException | UncheckedIOException unreadable)
        {
            return false;
        }
    }

    /**
     * Flips (inverts) {@code count} bytes in the middle of the complete frame that spans the middle of
     * {@code segment} as it is now, in place, and returns that frame's sequence. Only payload bytes change (the
     * frame's length stays readable), so exactly that frame fails its CRC.
     */
    static long flipMiddleFrame(final Path segment, final int count) throws IOException
    {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(channel.size()));
            while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) >= 0)
            {
                // reads the whole file
            }
            final int middle = bytes.limit() / 2;
            for (int frame = SEGMENT_HEADER; frame + FRAME_HEADER <= bytes.limit(); )
            {
                final int length = bytes.getInt(frame + 4);
                final int end = frame + FRAME_HEADER + length;
                if (length < count || end > bytes.limit())
                {
                    break;
                }
                if (end > middle)
                {
                    final int from = frame + FRAME_HEADER + (length - count) / 2;
                    final ByteBuffer flipped = ByteBuffer.allocate(count);
                    for (int i = 0; i < count; i++)
                    {
                        flipped.put((byte)~bytes.get(from + i));
                    }
                    flipped.flip();
                    while (flipped.hasRemaining())
                    {
                        channel.write(flipped, from + flipped.position());
                    }
                    channel.force(false);
                    return bytes.getLong(frame + 8);
                }
                frame = end;
            }
            throw new IOException("no complete frame with " + count + " payload bytes in " + segment);
        }
    }

    private static boolean isSegment(final Path file)
    {
        final String name = file.getFileName().toString();
        return name.length() == 24 && name.endsWith(".log") &&
            name.substring(0, 20).chars().allMatch(Character::isDigit) && Files.isRegularFile(file);
    }
}
