package io.dafka.store.durable;

import java.nio.ByteBuffer;

/**
 * What the index records about a sealed segment, after its fsync: enough to open it without a scan.
 *
 * @param last         sequence of its last record
 * @param bytes        file size (header and frames)
 * @param maxTimestamp newest record timestamp (wall-clock ms), for retention by age
 */
record SegmentInfo(long last, long bytes, long maxTimestamp)
{
    static final int SIZE = 24;

    byte[] toBytes()
    {
        return ByteBuffer.allocate(SIZE).putLong(last).putLong(bytes).putLong(maxTimestamp).array();
    }

    static SegmentInfo fromBytes(final byte[] bytes)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new SegmentInfo(buffer.getLong(), buffer.getLong(), buffer.getLong());
    }
}
