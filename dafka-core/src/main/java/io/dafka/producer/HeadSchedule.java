package io.dafka.producer;

import java.util.Collection;

import org.zeromq.ZMQ;

import io.dafka.agent.Clock;
import io.dafka.codec.Head;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;

/**
 * When each partition announces its HEAD: every {@code producer.head_interval} ms from its first published record
 * on, until the partition fails. Owned by the producer agent's thread.
 */
final class HeadSchedule
{
    private final Clock clock;
    private final NodeMetrics metrics;
    private final long headInterval;
    private final Head head = new Head();

    HeadSchedule(final Clock clock, final NodeMetrics metrics, final long headInterval)
    {
        this.clock = clock;
        this.metrics = metrics;
        this.headInterval = headInterval;
    }

    /** {@code sequence} was published in {@code partition}: the next HEAD announces it. */
    void onPublished(final ProducerPartition partition, final long sequence)
    {
        partition.headSequence = sequence;
        if (partition.headDueAt == 0)
        {
            partition.headDueAt = clock.millis() + headInterval;
        }
    }

    /** Milliseconds until the next HEAD of {@code partitions} is due, at most {@code next}. */
    long idleMillis(final Collection<ProducerPartition> partitions, final long next)
    {
        long idle = next;
        final long now = clock.millis();
        for (final ProducerPartition partition : partitions)
        {
            if (partition.headDueAt > 0)
            {
                idle = Math.min(idle, Math.max(0, partition.headDueAt - now));
            }
        }
        return idle;
    }

    /** Sends on {@code publisher} the HEAD of every partition whose HEAD is due; returns how many. */
    int sendDue(final Collection<ProducerPartition> partitions, final ZMQ.Socket publisher)
    {
        int sent = 0;
        final long now = clock.millis();
        for (final ProducerPartition partition : partitions)
        {
            if (partition.headDueAt > 0 && now >= partition.headDueAt)
            {
                head.set(partition.topic, partition.address, partition.topic, partition.headSequence);
                metrics.increment(Metric.HEADS_SENT);
                MessageChannel.send(publisher, head);
                partition.headDueAt = now + headInterval;
                sent++;
            }
        }
        return sent;
    }
}
