package io.dafka.system.faults;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;
import io.dafka.transport.Metric;

/**
 * A consumer stops polling while a producer streams: its queue and small socket HWMs fill, so the producer's PUB
 * drops the records meant for it. When it resumes it must fetch what it missed from the store and deliver every
 * record once, in order. The producer keeps only records no store has ACKed, so it flushes while the consumer is
 * still stalled.
 */
public final class SlowConsumerScenario implements Scenario
{
    /**
     * Records held in the producer's PUB pipe per peer before ZeroMQ drops (producer.high_watermark): far below the
     * records streamed, so the stalled consumer's pipe overflows, and above {@link #WINDOW}, so the store's does not.
     */
    static final int PRODUCER_HWM = 10_000;
    /** Most records sent and not yet ACKed (the application's back-pressure, as buffer.memory). */
    static final int WINDOW = 2_000;
    private static final int CHECK_EVERY = 500;
    private static final String TOPIC = "slow-consumer";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Override
    public String name()
    {
        return "slow-consumer";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        return measure(scale).figure();
    }

    Result measure(final Scale scale) throws Exception
    {
        final int total = scale.records(100_000, 1_000_000);
        try (TowerNode tower = Loopback.startTower();
            InMemoryRecordStore records = new InMemoryRecordStore();
            StoreNode store = StoreNode.start(Loopback.nodeConfig(tower), records);
            ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest",
                "consumer.high_watermark", 100, "consumer.queue.capacity", 1_000));
            ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.head_interval", 200,
                "producer.high_watermark", PRODUCER_HWM)))
        {
            consumer.subscribe(TOPIC);
            final DeliveryAudit audit = new DeliveryAudit(total);
            final AckedSequences acked = new AckedSequences();
            producer.send(TOPIC, Payloads.of(0), acked);
            awaitFirstRecord(consumer, audit);

            long peakUnacked = 0;
            for (int sequence = 1; sequence < total; sequence++) // the consumer stalls: nobody polls it
            {
                producer.send(TOPIC, Payloads.of(sequence), acked);
                if (sequence % CHECK_EVERY == 0)
                {
                    peakUnacked = Math.max(peakUnacked, producer.unacknowledged());
                    final long mustBeAcked = sequence + 1L - WINDOW;
                    Waits.until(() -> acked.count() >= mustBeAcked, "the store keeps up with the producer", WAIT);
                }
            }
            final boolean flushed = producer.flush(WAIT);
            final long unackedAfterFlush = producer.unacknowledged();
            final long heapAfterGc = heapUsedAfterGc();

            final long resumed = System.nanoTime();
            Drain.into(audit, consumer, WAIT.plusMillis(total / 10));
            final Duration converge = Duration.ofNanos(System.nanoTime() - resumed);
            final long fetches = consumer.metrics().get(Metric.FETCHES_SENT);
            final long servedByStore = store.readerMetrics().get(Metric.RECORDS_SERVED);
            final Figure figure = audit.figure(name(), converge).withDetail(String.format(
                "fetches=%d served-by-store=%d producer: peak unacked=%d (window %d, PUB HWM %d/peer), "
                    + "unacked after flush=%s, JVM heap after GC=%d MiB", fetches, servedByStore, peakUnacked,
                WINDOW, PRODUCER_HWM, flushed ? Long.toString(unackedAfterFlush) : "flush timed out",
                heapAfterGc >> 20));
            return new Result(figure, fetches, servedByStore, peakUnacked, flushed ? unackedAfterFlush : -1);
        }
    }

    /**
     * What one run measured besides its figure: gap FETCHes the consumer sent, records the store served it, the
     * most records the producer held unacknowledged (sampled), and what it still held after flushing while the
     * consumer stalled (-1: the flush timed out).
     */
    record Result(Figure figure, long fetches, long servedByStore, long peakUnacked, long unackedAfterFlush)
    {
    }

    /** Polls (on this thread: the consumer's application thread) until the first record arrived. */
    private static void awaitFirstRecord(final ConsumerNode consumer, final DeliveryAudit audit)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        ConsumedRecord record = null;
        while (record == null && System.nanoTime() < deadline)
        {
            record = consumer.poll(Duration.ofMillis(50));
        }
        if (record == null)
        {
            throw new IllegalStateException("the consumer received nothing within " + WAIT);
        }
        audit.received(Payloads.sequence(record.content()));
    }

    private static long heapUsedAfterGc()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
