package io.dafka.system.faults;

import java.util.BitSet;

import io.dafka.producer.SendListener;

/** The sequences a store acknowledged to the producer, as the producer's send callbacks report them. */
final class AckedSequences implements SendListener
{
    private final BitSet acked = new BitSet();
    private long count;

    @Override
    public synchronized void onStored(final String partition, final long sequence)
    {
        if (!acked.get(Math.toIntExact(sequence)))
        {
            acked.set(Math.toIntExact(sequence));
            count++;
        }
    }

    synchronized long count()
    {
        return count;
    }

    synchronized BitSet snapshot()
    {
        return (BitSet)acked.clone();
    }
}
