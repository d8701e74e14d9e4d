package io.dafka.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Time;

/** A Kafka {@link Time} that moves only when a test advances it. */
final class ManualTime implements Time
{
    private final AtomicLong nanos = new AtomicLong(System.nanoTime());
    private final long epochOffsetMillis = System.currentTimeMillis() - nanos.get() / 1_000_000;

    void advanceMillis(final long millis)
    {
        nanos.addAndGet(millis * 1_000_000);
    }

    @Override
    public long milliseconds()
    {
        return epochOffsetMillis + nanos.get() / 1_000_000;
    }

    @Override
    public long nanoseconds()
    {
        return nanos.get();
    }

    @Override
    public void sleep(final long ms)
    {
        advanceMillis(ms);
    }

    @Override
    public void waitObject(final Object obj, final Supplier<Boolean> condition, final long deadlineMs)
    {
        if (!condition.get())
        {
            throw new UnsupportedOperationException("nothing waits on a manual time");
        }
    }
}
