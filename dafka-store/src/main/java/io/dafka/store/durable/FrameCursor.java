package io.dafka.store.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the frames of a segment file through a fixed buffer, so that a read never loads a whole segment into the
 * heap: {@link #next} checks the frame at a position (complete, CRC), then exposes its fields and payload. A
 * frame larger than the buffer is read on its own.
 */
final class FrameCursor
{
    /** What {@link #next} found. */
    enum Status
    {
        /** A valid frame. */
        FRAME,
        /** The readable end: no more frames. */
        END,
        /** A frame that does not fit before the readable end: a torn write (or a corrupt length). */
        TORN,
        /** A complete frame whose CRC does not match. */
        CORRUPT
    }

    private final FileChannel channel;
    private final long limit;
    private final CRC32C crc = new CRC32C();
    private final byte[] buffer;
    private final ByteBuffer window;
    private long windowStart;
    private int windowLength;
    private byte[] frameBytes;
    private int frameOffset;
    private int length;
    private long sequence;
    private long timestamp;

    /**
     * @param limit       readable end of the file: frames must end at or before it
     * @param bufferBytes size of the read buffer
     */
    FrameCursor(final FileChannel channel, final long limit, final int bufferBytes)
    {
        this.channel = channel;
        this.limit = limit;
        this.buffer = new byte[bufferBytes];
        this.window = ByteBuffer.wrap(buffer);
    }

    /** Reads and checks the frame at {@code position}. */
    Status next(final long position) throws IOException
    {
        if (position >= limit)
        {
            return Status.END;
        }
        if (limit - position < RecordFrame.HEADER)
        {
            return Status.TORN;
        }
        load(position, RecordFrame.HEADER);
        int offset = (int)(position - windowStart);
        length = RecordFrame.intAt(buffer, offset + RecordFrame.LENGTH_OFFSET);
        if (length < 0 || length > limit - position - RecordFrame.HEADER)
        {
            return Status.TORN;
        }
        final int size = RecordFrame.size(length);
        if (size <= buffer.length)
        {
            load(position, size);
            offset = (int)(position - windowStart);
            frameBytes = buffer;
        }
        else
        {
            frameBytes = new byte[size];
            readFully(ByteBuffer.wrap(frameBytes), position);
            offset = 0;
        }
        frameOffset = offset;
        if (!RecordFrame.crcMatches(frameBytes, offset, length, crc))
        {
            return Status.CORRUPT;
        }
        sequence = RecordFrame.longAt(frameBytes, offset + RecordFrame.SEQUENCE_OFFSET);
        timestamp = RecordFrame.longAt(frameBytes, offset + RecordFrame.TIMESTAMP_OFFSET);
        return Status.FRAME;
    }

    /**
     * Finds the first valid frame after {@code from} whose sequence is at least {@code minSequence}, trying every byte
     * position (the resynchronisation after a damaged frame, whose length cannot be trusted); the cursor then holds
     * that frame. A position is checked in full (CRC) only if its length fits and its sequence is plausible.
     *
     * @return the position of that frame, or -1 if none follows
     */
    long resync(final long from, final long minSequence) throws IOException
    {
        final long plausibleAbove = (limit - from) / RecordFrame.HEADER;
        for (long position = from + 1; limit - position >= RecordFrame.HEADER; position++)
        {
            load(position, RecordFrame.HEADER);
            final int offset = (int)(position - windowStart);
            final int frameLength = RecordFrame.intAt(buffer, offset + RecordFrame.LENGTH_OFFSET);
            if (frameLength < 0 || frameLength > limit - position - RecordFrame.HEADER)
            {
                continue;
            }
            final long frameSequence = RecordFrame.longAt(buffer, offset + RecordFrame.SEQUENCE_OFFSET);
            if (frameSequence < minSequence || frameSequence - minSequence > plausibleAbove)
            {
                continue;
            }
            if (next(position) == Status.FRAME)
            {
                return position;
            }
        }
        return -1;
    }

    long sequence()
    {
        return sequence;
    }

    long timestamp()
    {
        return timestamp;
    }

    /** Bytes the current frame takes in the file. */
    int frameSize()
    {
        return RecordFrame.size(length);
    }

    /** A copy of the current frame's payload. */
    byte[] payload()
    {
        final byte[] payload = new byte[length];
        System.arraycopy(frameBytes, frameOffset + RecordFrame.HEADER, payload, 0, length);
        return payload;
    }

    /** Makes bytes {@code [position, position + bytes)} available in the buffer. */
    private void load(final long position, final int bytes) throws IOException
    {
        if (position >= windowStart && position + bytes <= windowStart + windowLength)
        {
            return;
        }
        final int wanted = (int)Math.min(buffer.length, limit - position);
        window.clear().limit(wanted);
        readFully(window, position);
        windowStart = position;
        windowLength = wanted;
    }

    private void readFully(final ByteBuffer target, final long position) throws IOException
    {
        long at = position;
        while (target.hasRemaining())
        {
            final int read = channel.read(target, at);
            if (read < 0)
            {
                throw new IOException("segment ended at " + at + " before its readable end " + limit);
            }
            at += read;
        }
    }
}
