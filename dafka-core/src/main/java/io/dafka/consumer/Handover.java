package io.dafka.consumer;

import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;

/**
 * The records the engine delivered, on their way to the application: a backlog on the engine's side and the
 * bounded queue the application polls. When the backlog is full the engine stops reading the network
 * ({@link #throttled()}) until the application takes records. Engine thread only, except the queue (its own
 * lock) and {@link #throttled()}.
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

    /**
     * Takes back the records of a partition the application has not polled yet, from its queue and from the
     * backlog (the partition is repositioned, paused or unsubscribed). Other records, and a wake-up marker in the
     * queue, stay where they are. A poll running at the same time on another thread keeps what it already took.
     *
     * @return the lowest sequence taken back, or -1 if there was none
     */
    long takeBack(final String topic, final String partition)
    {
        final long[] lowest = {-1};
        final Predicate<ConsumedRecord> ofPartition = record ->
        {
            final boolean taken = record.partition().equals(partition) && record.topic().equals(topic);
            if (taken && (lowest[0] < 0 || record.sequence() < lowest[0]))
            {
                lowest[0] = record.sequence();
            }
            return taken;
        };
        deliveries.removeIf(ofPartition); // under the queue's lock: each record is either polled or taken back
        backlog.removeIf(ofPartition);
        return lowest[0];
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
