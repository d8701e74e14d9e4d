package io.dafka.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * A consumer thread (a new group every time, {@code earliest}) that polls its topics until it holds every sequence number
 * {@code 0 .. records-1} (the first 8 bytes of each value), the deadline passes or it is stopped. It tells its
 * {@link Listener} about each sequence number the first time it arrives and counts repeats as duplicates. A
 * {@link #PRIMER} record is not counted: it tells that records now flow from the producer to this consumer.
 */
final class SequenceConsumer implements Runnable
{
    /** Smallest record: the sequence number. */
    static final int MIN_SIZE = Long.BYTES;
    /** The sequence number of a priming record. */
    static final long PRIMER = -1;

    private static final Duration POLL = Duration.ofMillis(100);
    private static final AtomicLong GROUPS = new AtomicLong();

    /** Hears each new record on the consumer thread. */
    @FunctionalInterface
    interface Listener
    {
        void onFirstArrival(long sequence, byte[] value, long receivedNanos);
    }

    private final Map<String, Object> config;
    private final List<String> topics;
    private final int records;
    private final long deadline;
    private final Listener listener;
    private final BitSet seen;
    private final CountDownLatch primed;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long consumed;
    private long duplicates;
    private long lastReceive;

    private SequenceConsumer(final BenchTarget target, final List<String> topics, final int primers,
                             final int records, final long deadline, final Listener listener)
    {
        this.config = new HashMap<>(target.clientConfig());
        this.config.put("group.id", "bench-" + topics.get(0) + "-" + GROUPS.incrementAndGet());
        this.config.put("auto.offset.reset", "earliest");
        this.config.put("enable.auto.commit", "false");
        this.topics = List.copyOf(topics);
        this.primed = new CountDownLatch(primers);
        this.records = records;
        this.deadline = deadline;
        this.listener = listener;
        this.seen = new BitSet(records);
        this.thread = new Thread(this, "bench-consumer-" + topics.get(0));
    }

    /** Starts a consumer thread; it constructs its consumer there, so the caller's clock includes construction. */
    static SequenceConsumer start(final BenchTarget target, final String topic, final int records,
                                  final long deadline, final Listener listener)
    {
        return start(target, List.of(topic), 1, records, deadline, listener);
    }

    /** Like {@link #start(BenchTarget, String, int, long, Listener)} on several topics, primed by {@code primers}. */
    static SequenceConsumer start(final BenchTarget target, final List<String> topics, final int primers,
                                  final int records, final long deadline, final Listener listener)
    {
        final SequenceConsumer consumer = new SequenceConsumer(target, topics, primers, records, deadline, listener);
        consumer.thread.start();
        return consumer;
    }

    /**
     * Waits until the consumer has received as many {@link #PRIMER} records as it was told, or failed, or the deadline passed.
     *
     * @return true if the primer arrived
     */
    boolean awaitPrimer() throws InterruptedException
    {
        return primed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) && failure.get() == null;
    }

    /**
     * Waits until the consumer holds every record or the deadline passed (plus a grace period), then stops it.
     *
     * @throws IllegalStateException if the consumer failed
     */
    void finish() throws InterruptedException
    {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 5_000));
        stopped = true;
        thread.join(10_000);
        if (failure.get() != null)
        {
            throw new IllegalStateException("consumer of " + topics + " failed", failure.get());
        }
    }

    /** Stops the consumer without waiting (after a failure elsewhere). */
    void stop()
    {
        stopped = true;
    }

    /** Distinct records received; read after {@link #finish()}. */
    long consumed()
    {
        return consumed;
    }

    /** Records received more than once; read after {@link #finish()}. */
    long duplicates()
    {
        return duplicates;
    }

    /** {@link System#nanoTime()} when the last new record arrived; read after {@link #finish()}. */
    long lastReceive()
    {
        return lastReceive;
    }

    @Override
    public void run()
    {
        try (Consumer<byte[], byte[]> consumer = KafkaClientFactory.consumer(config, new ByteArrayDeserializer(),
            new ByteArrayDeserializer()))
        {
            consumer.subscribe(topics);
            while (consumed < records && !stopped && System.nanoTime() < deadline)
            {
                accept(consumer);
            }
        }
        catch (final Throwable t)
        {
            failure.set(t);
        }
        finally
        {
            while (primed.getCount() > 0)
            {
                primed.countDown();
            }
        }
    }

    private void accept(final Consumer<byte[], byte[]> consumer)
    {
        for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL))
        {
            final long sequence = ByteBuffer.wrap(record.value()).getLong(0);
            if (sequence == PRIMER)
            {
                primed.countDown();
                continue;
            }
            if (sequence < 0 || sequence >= records || seen.get((int)sequence))
            {
                duplicates++;
                continue;
            }
            seen.set((int)sequence);
            consumed++;
            lastReceive = System.nanoTime();
            listener.onFirstArrival(sequence, record.value(), lastReceive);
        }
    }
}
