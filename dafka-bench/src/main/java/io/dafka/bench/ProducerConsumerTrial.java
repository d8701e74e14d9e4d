package io.dafka.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One producers → consumer trial through the Kafka interfaces only ({@link SequenceExchange}): once a consumer
 * receives from every producer on new topics, the producers send {@code records} values of {@code size} bytes in
 * all (each its share, to the topics in turn) and flush. Figures, in records per second from the first send:
 * {@link #PRODUCER_RATE} (to the last flush), {@link #END_TO_END_RATE} (to the consumer's last new record:
 * delivered) and {@link #ACKED_RATE} (to the later of the two: delivered, and acknowledged as the target's
 * {@code acks} promises, since a flush returns once every send is acknowledged).
 */
final class ProducerConsumerTrial implements Trial
{
    static final String PRODUCER_RATE = "producer rec/s";
    static final String END_TO_END_RATE = "end-to-end rec/s";
    static final String ACKED_RATE = "end-to-end and acked rec/s";

    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(60);
    /** The deadline grows with the trial: at least this many records per second, else the trial fails. */
    private static final long SLOWEST_RATE = 5_000;

    private final int records;
    private final int size;
    private final int producers;
    private final int topics;

    /** One producer, one topic. */
    ProducerConsumerTrial(final int records, final int size)
    {
        this(records, size, 1, 1);
    }

    /**
     * @param records   how many records to send in all
     * @param size      value bytes per record, at least {@link SequenceConsumer#MIN_SIZE}
     * @param producers how many producers send (each from a thread of its own)
     * @param topics    how many topics each producer writes to
     */
    ProducerConsumerTrial(final int records, final int size, final int producers, final int topics)
    {
        if (size < SequenceConsumer.MIN_SIZE || records < 1 || producers < 1 || topics < 1)
        {
            throw new IllegalArgumentException("records, producers and topics >= 1 and size >= "
                + SequenceConsumer.MIN_SIZE + " needed");
        }
        this.records = records;
        this.size = size;
        this.producers = producers;
        this.topics = topics;
    }

    /** Adds the rows of the three figures, Dafka against one Kafka row. */
    static void compare(final Results results, final String workload, final int size, final String kafkaName,
                        final List<Outcome> kafka, final List<Outcome> dafka)
    {
        results.compare(workload, "producer, " + size + " B", "rec/s", true, kafkaName, kafka, dafka, PRODUCER_RATE);
        results.compare(workload, "delivered, " + size + " B", "rec/s", true, kafkaName, kafka, dafka,
            END_TO_END_RATE);
        results.compare(workload, "delivered and acked, " + size + " B", "rec/s", true, kafkaName, kafka, dafka,
            ACKED_RATE);
    }

    /** Adds the rows of the three figures, two settings of one system side by side (candidate / baseline). */
    static void versus(final Results results, final String workload, final int size, final String baselineName,
                       final List<Outcome> baseline, final String candidateName, final List<Outcome> candidate)
    {
        for (final String[] figure : new String[][] {{"producer", PRODUCER_RATE}, {"delivered", END_TO_END_RATE},
            {"delivered and acked", ACKED_RATE}})
        {
            results.versus(workload, figure[0] + ", " + size + " B", "rec/s", true, baselineName, baseline,
                candidateName, candidate, Double.NaN, figure[1]);
        }
    }

    @Override
    public Outcome run(final BenchTarget target, final String topic)
    {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < topics; i++)
        {
            names.add(topics == 1 ? topic : topic + "-" + i);
        }
        final long deadline = System.nanoTime() + MIN_TIMEOUT.plusSeconds(records / SLOWEST_RATE).toNanos();
        final SequenceExchange.Exchanged run = SequenceExchange.run(target, names, producers, records, deadline,
            Map.of(), (sequence, value, received) -> { }, (producer, index) ->
            {
                for (int i = index; i < records; i += producers)
                {
                    producer.send(SequenceProducer.value(size, i));
                }
            });
        final long received = run.outcome().received();
        final Map<String, Double> figures = new LinkedHashMap<>();
        figures.put(PRODUCER_RATE, records * 1e9 / (run.flushed() - run.firstSend()));
        figures.put(END_TO_END_RATE, received * 1e9 / Math.max(1, run.lastReceive() - run.firstSend()));
        figures.put(ACKED_RATE, received * 1e9 / Math.max(1, Math.max(run.lastReceive(), run.flushed())
            - run.firstSend()));
        return run.with(figures);
    }
}
