package io.dafka.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters of one node: written by its agent thread, readable from any thread. */
public final class NodeMetrics
{
    private final AtomicLongArray counters = new AtomicLongArray(Metric.values().length);

    public void increment(final Metric metric)
    {
        counters.incrementAndGet(metric.ordinal());
    }

    public void add(final Metric metric, final long delta)
    {
        counters.addAndGet(metric.ordinal(), delta);
    }

    public long get(final Metric metric)
    {
        return counters.get(metric.ordinal());
    }

    /** A snapshot of every counter. */
    public Map<Metric, Long> snapshot()
    {
        final Map<Metric, Long> snapshot = new EnumMap<>(Metric.class);
        for (final Metric metric : Metric.values())
        {
            snapshot.put(metric, get(metric));
        }
        return snapshot;
    }

    @Override
    public String toString()
    {
        return snapshot().toString();
    }
}
