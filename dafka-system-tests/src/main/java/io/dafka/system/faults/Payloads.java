package io.dafka.system.faults;

import java.nio.ByteBuffer;

/** Record bodies that carry the producer's sequence in their first 8 bytes, so a consumer can audit them. */
final class Payloads
{
    static final int SIZE = 100;

    private Payloads()
    {
    }

    static byte[] of(final long sequence)
    {
        return ByteBuffer.allocate(SIZE).putLong(sequence).array();
    }

    static long sequence(final byte[] content)
    {
        return ByteBuffer.wrap(content).getLong();
    }
}
