package io.dafka.store.durable;

import io.dafka.agent.Clock;

/**
 * What every partition log of a store shares: its settings, wall clock, index and corruption handler.
 *
 * @param segmentBytes size at which a new segment starts
 * @param segmentMillis age of a segment's first record at which a new segment starts
 * @param fsync        whether {@link SegmentedLog#flush} forces written frames to the device
 * @param wallClock    milliseconds since the epoch, stored in each frame (retention by age)
 * @param index        the durable index
 * @param corruption   told once per segment when a read finds a corrupt frame
 * @param faults       checked before every segment write and fsync ({@link DiskFaults#NONE} but in tests)
 * @param files        the segment files open at the moment, a bounded number
 */
record LogContext(long segmentBytes, long segmentMillis, boolean fsync, Clock wallClock, ChronicleIndex index,
                  CorruptionListener corruption, DiskFaults faults, OpenFiles files)
{
    /** Hears of a corrupt frame found while reading. */
    @FunctionalInterface
    interface CorruptionListener
    {
        void onCorruptRead(SegmentedLog log, Segment segment);
    }
}
