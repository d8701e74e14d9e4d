package io.dafka.store.durable;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one record, big-endian, and the header of a segment file.
 * <pre>
 *   segment file header (16 bytes)      record frame (24 bytes + payload)
 *   0  int   magic 'DFKL'               0   int   crc32c     of bytes 4 .. end of the frame
 *   4  int   version (1)                4   int   length     payload bytes
 *   8  long  base sequence              8   long  sequence
 *                                       16  long  timestamp  wall-clock ms when the store appended it
 *                                       24  byte[length] payload
 * </pre>
 * A frame is valid only if its length fits in the file, its CRC matches and its sequence follows the previous
 * frame's; anything else is a torn or corrupt tail. Zero-filled space never passes: the CRC32C of zeros is not 0.
 */
final class RecordFrame
{
    static final int SEGMENT_HEADER = 16;
    static final int MAGIC = 0x44464B4C;
    static final int VERSION = 1;
    static final int HEADER = 24;
    static final int CRC_OFFSET = 0;
    static final int LENGTH_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 8;
    static final int TIMESTAMP_OFFSET = 16;
    private static final int CRC_START = LENGTH_OFFSET;

    private RecordFrame()
    {
    }

    /** Bytes a frame with {@code payloadLength} bytes of payload takes. */
    static int size(final int payloadLength)
    {
        return HEADER + payloadLength;
    }

    /** Appends a frame at the position of {@code target}, a heap buffer with room for it. */
    static void encode(final ByteBuffer target, final long sequence, final long timestamp, final byte[] payload,
        final CRC32C crc)
    {
        final int start = target.position();
        target.putInt(0).putInt(payload.length).putLong(sequence).putLong(timestamp).put(payload);
        crc.reset();
        crc.update(target.array(), target.arrayOffset() + start + CRC_START, HEADER - CRC_START + payload.length);
        target.putInt(start + CRC_OFFSET, (int)crc.getValue());
    }

    /** Whether the frame at {@code offset} of {@code bytes}, whose payload is there in full, has a matching CRC. */
    static boolean crcMatches(final byte[] bytes, final int offset, final int payloadLength, final CRC32C crc)
    {
        crc.reset();
        crc.update(bytes, offset + CRC_START, HEADER - CRC_START + payloadLength);
        return (int)crc.getValue() == intAt(bytes, offset + CRC_OFFSET);
    }

    /** The big-endian int at {@code offset}. */
    static int intAt(final byte[] bytes, final int offset)
    {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8 |
            bytes[offset + 3] & 0xFF;
    }

    /** The big-endian long at {@code offset}. */
    static long longAt(final byte[] bytes, final int offset)
    {
        return (long)intAt(bytes, offset) << 32 | intAt(bytes, offset + 4) & 0xFFFF_FFFFL;
    }

    /** A segment header for {@code base}. */
    static ByteBuffer segmentHeader(final long base)
    {
        final ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER);
        header.putInt(MAGIC).putInt(VERSION).putLong(base).flip();
        return header;
    }

    /** Whether {@code header} (16 bytes read from position 0) is the header of the segment of {@code base}. */
    static boolean isSegmentHeader(final ByteBuffer header, final long base)
    {
        return header.remaining() >= SEGMENT_HEADER && header.getInt(0) == MAGIC && header.getInt(4) == VERSION &&
            header.getLong(8) == base;
    }
}
