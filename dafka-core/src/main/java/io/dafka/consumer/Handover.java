package io.dafka.consumer;

import java.util.ArrayDeque;

/**
 * The records the engine delivered, on their way to the application: a backlog on the engine's side and the
 * bounded {@link DeliveryQueue} the application drains, the backlog moving into it in bulk. When the backlog is
 * full the engine stops reading the network ({@link #throttled()}) until the application takes records. Engine
 * thread only, except the queue (its own lock) and {@link #throttled()}.
 */
final class Handover
{
    private final ArrayDeque<ConsumedRecord> backlog = new ArrayDeque<>();
    private final DeliveryQueue deliveries;
    private final int backlogLimit;
    /** Read by the application's thread to wake the engine after it took records. */
    private volatile boolean throttled;

    Handover(final DeliveryQueue deliveries, final int backlogLimit)
    {
        this.deliveries = deliveries;
        this.backlogLimit = backlogLimit;
    }

    void add(final ConsumedRecord record)
    {
        backlog.add(record);
    }

    /**
     * Takes back the records of a partition the application has not polled yet, from its queue and from the
     * backlog (the partition is repositioned, paused or unsubscribed). Other records stay where they are, in
     * order. A poll running at the same time on another thread keeps what it already took.
     *
     * @return the lowest sequence taken back, or -1 if there was none
     */
    long takeBack(final String topic, final String partition)
    {
        final long queued = deliveries.removePartition(topic, partition); // each record is polled or taken back
        final long backlogged = lowestInBacklog(topic, partition);
        backlog.removeIf(record -> record.partition().equals(partition) && record.topic().equals(topic));
        return queued < 0 ? backlogged : queued; // the queue holds the older records
    }

    /**
     * The lowest sequence of a partition not polled yet (queued or in the backlog), or -1 if there is none. The
     * records from there on are consecutive, up to the last one delivered.
     */
    long firstPending(final String topic, final String partition)
    {
        final long queued = deliveries.lowest(topic, partition);
        return queued < 0 ? lowestInBacklog(topic, partition) : queued;
    }

    private long lowestInBacklog(final String topic, final String partition)
    {
        for (final ConsumedRecord record : backlog)
        {
            if (record.partition().equals(partition) && record.topic().equals(topic))
            {
                return record.sequence(); // in order of delivery: the first is the lowest
            }
        }
        return -1;
    }

    /** Whether the backlog has room for more records. */
    boolean hasRoom()
    {
        return backlog.size() < backlogLimit;
    }

    /** Moves what fits into the application's queue; returns how many records moved. */
    int handOver()
    {
        return deliveries.appendFrom(backlog);
    }

    /** True while the application is behind and the engine has stopped reading the network. */
    boolean throttled()
    {
        return throttled;
    }

    /** Updates {@link #throttled()} from the backlog; returns whether it changed. */
    boolean updateThrottle()
    {
        final boolean behind = !hasRoom();
        if (behind == throttled)
        {
            return false;
        }
        throttled = behind;
        return true;
    }
}
