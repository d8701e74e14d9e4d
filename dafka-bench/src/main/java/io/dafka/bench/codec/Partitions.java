package io.dafka.bench.codec;

import java.util.function.LongFunction;

import io.dafka.codec.DafkaMessage;
import io.dafka.transport.Addresses;

/**
 * The partitions a peer's traffic cycles through: partition {@code i} is topic {@code topic-i} of a producer with
 * a fresh node address, and sequence {@code s} belongs to partition {@code s % count}, so consecutive messages
 * alternate between partitions as a store writer (or a producer of several topics) sees them.
 */
final class Partitions
{
    /** Header frames prepared for the decode benchmarks, a multiple of every partition count. */
    static final int FRAMES = 64;

    private final String[] topics;
    private final String[] addresses;

    Partitions(final int count)
    {
        topics = new String[count];
        addresses = new String[count];
        for (int i = 0; i < count; i++)
        {
            topics[i] = "topic-" + i;
            addresses[i] = Addresses.newAddress();
        }
    }

    String topic(final long sequence)
    {
        return topics[(int)(sequence % topics.length)];
    }

    String address(final long sequence)
    {
        return addresses[(int)(sequence % addresses.length)];
    }

    /** The header frames a sender encodes for sequences {@code 0} to {@link #FRAMES}{@code - 1}. */
    static byte[][] frames(final LongFunction<? extends DafkaMessage> message)
    {
        final byte[][] frames = new byte[FRAMES][];
        for (int sequence = 0; sequence < FRAMES; sequence++)
        {
            frames[sequence] = message.apply(sequence).encode();
        }
        return frames;
    }

    /** The frame received {@code n}-th, as the ring of prepared frames repeats. */
    static byte[] received(final byte[][] frames, final long n)
    {
        return frames[(int)(n % FRAMES)];
    }
}
