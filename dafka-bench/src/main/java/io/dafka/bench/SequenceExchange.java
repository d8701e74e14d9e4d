package io.dafka.bench;

import java.util.Map;

/**
 * One producer and one {@link SequenceConsumer} (a new group, {@code earliest}) on a new topic. The producer sends
 * a {@link SequenceConsumer#PRIMER} record and the exchange waits until the consumer has it: the group has been
 * joined (Kafka) or the producer discovered (Dafka), so neither start-up is timed (the first-record workload times
 * those). Then the producer sends, flushes, and the consumer is given until the deadline to receive every record.
 */
final class SequenceExchange
{
    /** Sends the records of one exchange. */
    @FunctionalInterface
    interface Sending
    {
        void sendAll(SequenceProducer producer);
    }

    /**
     * What happened.
     *
     * @param firstSend   {@link System#nanoTime()} when sending began
     * @param flushed     when the producer's flush returned
     * @param lastReceive when the consumer received its last new record
     * @param outcome     the counts, with no figures
     */
    record Exchanged(long firstSend, long flushed, long lastReceive, Outcome outcome)
    {
        /** The counts with these figures. */
        Outcome with(final Map<String, Double> figures)
        {
            return new Outcome(figures, outcome.expected(), outcome.received(), outcome.duplicates(),
                outcome.errors());
        }
    }

    private SequenceExchange()
    {
    }

    /**
     * @param records          records {@code sending} sends (sequence numbers 0 .. records-1)
     * @param producerSettings added to the target's producer settings
     */
    static Exchanged run(final BenchTarget target, final String topic, final int records, final long deadline,
                         final Map<String, Object> producerSettings, final SequenceConsumer.Listener listener,
                         final Sending sending)
    {
        try (SequenceProducer producer = SequenceProducer.open(target, topic, producerSettings))
        {
            final SequenceConsumer consumer = SequenceConsumer.start(target, topic, records, deadline, listener);
            try
            {
                producer.send(SequenceProducer.value(SequenceConsumer.MIN_SIZE, SequenceConsumer.PRIMER));
                producer.flush();
                if (!consumer.awaitPrimer())
                {
                    consumer.stop();
                    consumer.finish();
                    throw new IllegalStateException("the priming record never reached the consumer of " + topic);
                }
                final long firstSend = System.nanoTime();
                sending.sendAll(producer);
                producer.flush();
                final long flushed = System.nanoTime();
                consumer.finish();
                return new Exchanged(firstSend, flushed, consumer.lastReceive(), new Outcome(Map.of(), records,
                    consumer.consumed(), consumer.duplicates(), producer.errors()));
            }
            finally
            {
                consumer.stop();
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
