package io.dafka.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * Keeps records flowing into every partition of a topic while a group's members come and go: one producer per
 * partition ({@code linger.ms=0}), each sending a small record every {@link #INTERVAL_MS} ms from one scheduler
 * thread. On Kafka producer {@code i} writes partition {@code i} of a topic {@link BenchTarget#preparePartitions}
 * made; on Dafka each producer is a partition of its own.
 */
final class PartitionFeeder implements AutoCloseable
{
    /** Between two records of one partition: the most a member waits for a record of a partition it just got. */
    static final int INTERVAL_MS = 5;
    private static final int SIZE = 100;

    private final List<Producer<byte[], byte[]>> producers = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "bench-feeder");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private volatile Exception lastFailure;
    private final String topic;
    private final boolean numbered;
    private long sequence;
    private boolean closed;

    private PartitionFeeder(final String topic, final boolean numbered)
    {
        this.topic = topic;
        this.numbered = numbered;
    }

    /** Prepares {@code topic} with {@code partitions} partitions and starts sending to each. */
    static PartitionFeeder start(final BenchTarget target, final String topic, final int partitions)
    {
        target.preparePartitions(topic, partitions);
        final PartitionFeeder feeder = new PartitionFeeder(topic, target instanceof KafkaTarget);
        final Map<String, Object> config = new HashMap<>(target.clientConfig());
        config.putAll(target.producerConfig());
        config.put("linger.ms", 0);
        try
        {
            for (int i = 0; i < partitions; i++)
            {
                final Producer<byte[], byte[]> producer = KafkaClientFactory.producer(config,
                    new ByteArraySerializer(), new ByteArraySerializer());
                feeder.producers.add(producer);
                producer.partitionsFor(topic);
            }
            feeder.scheduler.scheduleAtFixedRate(feeder::sendToEach, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
            return feeder;
        }
        catch (final RuntimeException e)
        {
            feeder.close();
            throw e;
        }
    }

    /** Sends that failed so far. */
    long errors()
    {
        return errors.get();
    }

    /** Stops sending and closes the producers; idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        scheduler.shutdown(); // not shutdownNow: a send interrupted by it would throw and count as failed
        try
        {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        producers.forEach(Producer::close);
    }

    @Override
    public String toString()
    {
        return "feeder of " + topic + ": " + rounds + " records sent to each partition, " + errors + " failed"
            + (lastFailure == null ? "" : ", the last: " + lastFailure);
    }

    /** One record to each partition; a send that throws is counted, since the scheduler would stop at it. */
    private void sendToEach()
    {
        final byte[] value = SequenceProducer.value(SIZE, sequence++);
        for (int i = 0; i < producers.size(); i++)
        {
            try
            {
                producers.get(i).send(new ProducerRecord<>(topic, numbered ? i : null, null, value),
                    (metadata, error) ->
                    {
                        if (error != null)
                        {
                            errors.incrementAndGet();
                            lastFailure = error;
                        }
                    });
            }
            catch (final RuntimeException e)
            {
                errors.incrementAndGet();
                lastFailure = e;
            }
        }
        rounds.incrementAndGet();
    }
}
