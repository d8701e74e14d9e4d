package io.dafka.system;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How child consumers print what they received: the runs of consecutive offsets, for their parents to parse. */
public final class OffsetRuns
{
    private OffsetRuns()
    {
    }

    /** {@code " a-b c-d"}: the runs of consecutive offsets of {@code records}, in delivery order; "" if none. */
    public static String of(final List<? extends ConsumerRecord<?, ?>> records)
    {
        final StringBuilder text = new StringBuilder();
        long runStart = -1;
        long previous = -2;
        for (final ConsumerRecord<?, ?> record : records)
        {
            if (record.offset() != previous + 1)
            {
                if (runStart >= 0)
                {
                    text.append(' ').append(runStart).append('-').append(previous);
                }
                runStart = record.offset();
            }
            previous = record.offset();
        }
        return runStart < 0 ? "" : text.append(' ').append(runStart).append('-').append(previous).toString();
    }
}
