package io.dafka.consumer;

import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;

/**
 * The records the engine delivered, on their way to the application: a backlog on the engine's side and the
 * bounded queue the application polls. When the backlog is full the engine stops reading the network
 * ({@link #throttled()}) until the application takes records.
 */
final class Handover
{
    private final ArrayDeque<ConsumedRecord> backlog = new ArrayDeque<>();
    private final BlockingQueue<ConsumedRecord> deliveries;
    private final int backlogLimit;
    /** Read by the application's thread to wake the engine after it took records. */
    private volatile boolean throttled;

    Handover(final BlockingQueue<ConsumedRecord> deliveries, final int backlogLimit)
    {
        this.deliveries = deliveries;
        this.backlogLimit = backlogLimit;
    }

    void add(final ConsumedRecord record)
    {
        backlog.add(record);
    }

    /** Forgets the records of a partition not yet handed over (it was repositioned). */
    void drop(final String topic, final String partition)
    {
        backlog.removeIf(record -> record.partition().equals(partition) && record.topic().equals(topic));
    }

    /** Whether the backlog has room for more records. */
    boolean hasRoom()
    {
        return backlog.size() < backlogLimit;
    }

    /** Moves what fits into the application's queue; returns how many records moved. */
    int handOver()
    {
        int moved = 0;
        while (!backlog.isEmpty() && deliveries.offer(backlog.peek()))
        {
            backlog.poll();
            moved++;
        }
        return moved;
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
