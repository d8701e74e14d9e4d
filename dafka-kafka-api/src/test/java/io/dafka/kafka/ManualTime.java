package io.dafka.kafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;

/** A Kafka {@link Time} that moves only when a test advances it (or something sleeps on it). */
final class ManualTime implements Time
{
    private final long startMillis;
    private final AtomicLong nanos = new AtomicLong();

    ManualTime(final long startMillis)
    {
        this.startMillis = startMillis;
    }

    void advance(final long millis)
    {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Override
    public long milliseconds()
    {
        return startMillis + TimeUnit.NANOSECONDS.toMillis(nanos.get());
    }

    @Override
    public long nanoseconds()
    {
        return nanos.get();
    }

    @Override
    public void sleep(final long ms)
    {
        advance(ms);
    }

    @Override
    public void waitObject(final Object obj, final Supplier<Boolean> condition, final long deadlineMs)
        throws InterruptedException
    {
        synchronized (obj)
        {
            while (!condition.get())
            {
                if (milliseconds() >= deadlineMs)
                {
                    throw new TimeoutException("condition not met before " + deadlineMs + " on the manual clock");
                }
                obj.wait(10);
            }
        }
    }
}
