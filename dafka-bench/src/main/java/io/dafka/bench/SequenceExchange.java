package io.dafka.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Producers and one {@link SequenceConsumer} (a new group, {@code earliest}) on new topics. Each producer sends a
 * {@link SequenceConsumer#PRIMER} record to each topic and the exchange waits until the consumer has them all: the
 * group has been joined (Kafka) or every producer discovered (Dafka), so neither start-up is timed (the first-record
 * workload times those). Then the producers send (each in a thread of its own when there are several) and flush,
 * and the consumer is given until the deadline to receive every record.
 */
final class SequenceExchange
{
    /** Sends the records of one producer of an exchange. */
    @FunctionalInterface
    interface Sending
    {
        /** @param index the producer's index, 0 .. producers-1 */
        void sendAll(SequenceProducer producer, int index);
    }

    /**
     * What happened.
     *
     * @param firstSend   {@link System#nanoTime()} when sending began
     * @param flushed     when the last producer's flush returned
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

    /** One producer on one topic; see {@link #run(BenchTarget, List, int, int, long, Map, SequenceConsumer.Listener, Sending)}. */
    static Exchanged run(final BenchTarget target, final String topic, final int records, final long deadline,
                         final Map<String, Object> producerSettings, final SequenceConsumer.Listener listener,
                         final Sending sending)
    {
        return run(target, List.of(topic), 1, records, deadline, producerSettings, listener, sending);
    }

    /**
     * @param topics           the topics every producer writes to (each prepared by the target first)
     * @param producers        how many producers send
     * @param records          records the producers send in all (sequence numbers 0 .. records-1)
     * @param producerSettings added to the target's producer settings
     */
    static Exchanged run(final BenchTarget target, final List<String> topics, final int producers,
                         final int records, final long deadline, final Map<String, Object> producerSettings,
                         final SequenceConsumer.Listener listener, final Sending sending)
    {
        topics.forEach(target::prepareTopic);
        final List<SequenceProducer> opened = new ArrayList<>();
        final ExecutorService threads = Executors.newFixedThreadPool(producers);
        try
        {
            for (int i = 0; i < producers; i++)
            {
                opened.add(SequenceProducer.open(target, topics, producerSettings));
            }
            final SequenceConsumer consumer = SequenceConsumer.start(target, topics, producers * topics.size(),
                records, deadline, listener);
            try
            {
                for (final SequenceProducer producer : opened)
                {
                    producer.sendToEach(SequenceProducer.value(SequenceConsumer.MIN_SIZE, SequenceConsumer.PRIMER));
                    producer.flush();
                }
                if (!consumer.awaitPrimer())
                {
                    consumer.stop();
                    consumer.finish();
                    throw new IllegalStateException("the priming records never reached the consumer of " + topics);
                }
                final long firstSend = System.nanoTime();
                final List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < producers; i++)
                {
                    final SequenceProducer producer = opened.get(i);
                    final int index = i;
                    sent.add(threads.submit(() ->
                    {
                        sending.sendAll(producer, index);
                        producer.flush();
                    }));
                }
                for (final Future<?> future : sent)
                {
                    future.get();
                }
                final long flushed = System.nanoTime();
                consumer.finish();
                final long errors = opened.stream().mapToLong(SequenceProducer::errors).sum();
                return new Exchanged(firstSend, flushed, consumer.lastReceive(), new Outcome(Map.of(), records,
                    consumer.consumed(), consumer.duplicates(), errors));
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
        catch (final ExecutionException e)
        {
            throw new IllegalStateException("a producer of " + topics + " failed", e.getCause());
        }
        finally
        {
            threads.shutdownNow();
            opened.forEach(SequenceProducer::close);
        }
    }
}
