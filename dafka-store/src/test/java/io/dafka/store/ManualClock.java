package io.dafka.store;

import java.util.concurrent.atomic.AtomicLong;

import io.dafka.agent.Clock;

/** A clock that moves only when the test says so. */
final class ManualClock implements Clock
{
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Override
    public long millis()
    {
        return now.get();
    }

    void advance(final long millis)
    {
        now.addAndGet(millis);
    }
}
