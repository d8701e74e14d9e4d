package io.dafka.store.durable;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The heap buffer in which a log stages appended frames before writing them to its active segment, once
 * {@value #WRITE_AT} bytes are staged or at the flush. Allocated on the first append; an idle partition keeps no big
 * buffer. Writer only.
 */
final class StagingBuffer
{
    private static final int INITIAL = 64 * 1024;
    private static final int WRITE_AT = 1024 * 1024;

    private ByteBuffer staging;

    /** Bytes staged and not yet written. */
    int pending()
    {
        return staging == null ? 0 : staging.position();
    }

    /** Whether enough is staged to be written now. */
    boolean full()
    {
        return staging.position() >= WRITE_AT;
    }

    /** Makes room for a frame of {@code frameSize} bytes; returns the buffer to encode it into. */
    ByteBuffer reserve(final int frameSize)
    {
        if (staging == null)
        {
            staging = ByteBuffer.allocate(Math.max(INITIAL, frameSize));
        }
        if (staging.remaining() >= frameSize)
        {
            return staging;
        }
        final ByteBuffer grown = ByteBuffer.allocate(Math.max(staging.capacity() * 2, staging.position() + frameSize));
        staging.flip();
        grown.put(staging);
        staging = grown;
        return staging;
    }

    /**
     * Writes the staged frames at the end of {@code active}, after checking {@code faults}.
     *
     * @return false if nothing was staged
     */
    boolean writeTo(final Segment active, final DiskFaults faults) throws IOException
    {
        if (staging == null || staging.position() == 0)
        {
            return false;
        }
        staging.flip();
        faults.check(DiskFaults.Operation.WRITE, active.path());
        active.write(staging);
        staging.clear();
        return true;
    }

    /** Drops a buffer that grew past its initial size (after a flush): an idle partition keeps no big buffer. */
    void shrink()
    {
        if (staging != null && staging.capacity() > INITIAL)
        {
            staging = null;
        }
    }

    /** Forgets whatever is staged (rollback). */
    void discard()
    {
        staging = null;
    }
}
