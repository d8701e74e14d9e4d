package io.dafka.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One producer → consumer trial through the Kafka interfaces only ({@link SequenceExchange}): once a consumer
 * receives from the producer on a new topic, the producer sends {@code records} values of {@code size} bytes and flushes. Figures:
 * {@link #PRODUCER_RATE} (first send to flush) and {@link #END_TO_END_RATE} (first send to the consumer's last new
 * record), in records per second.
 */
final class ProducerConsumerTrial implements Trial
{
    static final String PRODUCER_RATE = "producer rec/s";
    static final String END_TO_END_RATE = "end-to-end rec/s";

    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(60);
    /** The deadline grows with the trial: at least this many records per second, else the trial fails. */
    private static final long SLOWEST_RATE = 5_000;

    private final int records;
    private final int size;

    /**
     * @param records how many records to send
     * @param size    value bytes per record, at least {@link SequenceConsumer#MIN_SIZE}
     */
    ProducerConsumerTrial(final int records, final int size)
    {
        if (size < SequenceConsumer.MIN_SIZE || records < 1)
        {
            throw new IllegalArgumentException("records >= 1 and size >= " + SequenceConsumer.MIN_SIZE + " needed");
        }
        this.records = records;
        this.size = size;
    }

    @Override
    public Outcome run(final BenchTarget target, final String topic)
    {
        final long deadline = System.nanoTime() + MIN_TIMEOUT.plusSeconds(records / SLOWEST_RATE).toNanos();
        final SequenceExchange.Exchanged run = SequenceExchange.run(target, topic, records, deadline, Map.of(),
            (sequence, value, received) -> { }, producer ->
            {
                for (int i = 0; i < records; i++)
                {
                    producer.send(SequenceProducer.value(size, i));
                }
            });
        final Map<String, Double> figures = new LinkedHashMap<>();
        figures.put(PRODUCER_RATE, records * 1e9 / (run.flushed() - run.firstSend()));
        figures.put(END_TO_END_RATE, run.outcome().received() * 1e9 / Math.max(1, run.lastReceive() - run.firstSend()));
        return run.with(figures);
    }
}
