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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * One producer → consumer trial through the Kafka interfaces only ({@link KafkaClientFactory}): a consumer
 * (new group, {@code earliest}) starts polling a new topic, then a producer sends {@code records} values of
 * {@code size} bytes (the record's sequence number in the first 8) and flushes. The consumer stops when it holds
 * every sequence number, or at the deadline.
 */
final class ProducerConsumerTrial
{
    /** Smallest record: the sequence number. */
    static final int MIN_SIZE = Long.BYTES;

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(60);
    /** The deadline grows with the trial: at least this many records per second, else the trial fails. */
    private static final long SLOWEST_RATE = 5_000;

    /**
     * What one trial measured.
     *
     * @param records     records sent
     * @param size        value bytes per record
     * @param produceNanos first send until {@code flush()} returned
     * @param endToEndNanos first send until the consumer received its last new record
     * @param consumed    distinct records received
     * @param duplicates  records received more than once
     * @param sendErrors  sends whose callback reported an exception
     */
    record Result(long records, int size, long produceNanos, long endToEndNanos, long consumed, long duplicates,
                  long sendErrors)
    {
        /** Producer records per second. */
        double producerRate()
        {
            return records * 1e9 / produceNanos;
        }

        /** End-to-end (first send to last receive) records per second. */
        double endToEndRate()
        {
            return consumed * 1e9 / endToEndNanos;
        }

        /** True when every record arrived exactly once and no send failed. */
        boolean complete()
        {
            return consumed == records && duplicates == 0 && sendErrors == 0;
        }
    }

    private ProducerConsumerTrial()
    {
    }

    /**
     * Runs one trial against {@code target} on a new topic and group.
     *
     * @param records how many records to send
     * @param size    value bytes per record, at least {@link #MIN_SIZE}
     * @throws IllegalStateException if the consumer thread failed
     */
    static Result run(final BenchTarget target, final String topic, final int records, final int size)
    {
        if (size < MIN_SIZE || records < 1)
        {
            throw new IllegalArgumentException("records >= 1 and size >= " + MIN_SIZE + " needed");
        }
        final Duration timeout = MIN_TIMEOUT.plusSeconds(records / SLOWEST_RATE);
        final long deadline = System.nanoTime() + timeout.toNanos();
        final ConsumerLoop loop = new ConsumerLoop(target.clientConfig(), topic, records, deadline);
        final Thread consumerThread = new Thread(loop, "bench-consumer-" + topic);
        consumerThread.start();
        try
        {
            loop.awaitSubscribed(deadline);
            final AtomicLong sendErrors = new AtomicLong();
            final long firstSend;
            final long flushed;
            final Map<String, Object> producerConfig = new HashMap<>(target.clientConfig());
            producerConfig.put("acks", target.acks());
            try (Producer<byte[], byte[]> producer = KafkaClientFactory.producer(producerConfig,
                new ByteArraySerializer(), new ByteArraySerializer()))
            {
                firstSend = System.nanoTime();
                for (int i = 0; i < records; i++)
                {
                    final byte[] value = new byte[size];
                    ByteBuffer.wrap(value).putLong(0, i);
                    producer.send(new ProducerRecord<>(topic, value), (metadata, error) ->
                    {
                        if (error != null)
                        {
                            sendErrors.incrementAndGet();
                        }
                    });
                }
                producer.flush();
                flushed = System.nanoTime();
            }
            consumerThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 5_000));
            loop.stop();
            consumerThread.join(10_000);
            if (loop.failure.get() != null)
            {
                throw new IllegalStateException("consumer failed on " + target.name(), loop.failure.get());
            }
            final long lastReceive = loop.lastReceive;
            return new Result(records, size, flushed - firstSend, Math.max(1, lastReceive - firstSend),
                loop.consumed, loop.duplicates, sendErrors.get());
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        finally
        {
            loop.stop();
        }
    }

    /** Polls until it holds every sequence number, the deadline passes or {@link #stop()}. */
    private static final class ConsumerLoop implements Runnable
    {
        private final Map<String, Object> config;
        private final String topic;
        private final int records;
        private final long deadline;
        private final BitSet seen;
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stopped;
        private volatile long consumed;
        private volatile long duplicates;
        private volatile long lastReceive;

        ConsumerLoop(final Map<String, Object> clientConfig, final String topic, final int records,
                     final long deadline)
        {
            this.config = new HashMap<>(clientConfig);
            this.config.put("group.id", "bench-" + topic);
            this.config.put("auto.offset.reset", "earliest");
            this.config.put("enable.auto.commit", "false");
            this.topic = topic;
            this.records = records;
            this.deadline = deadline;
            this.seen = new BitSet(records);
        }

        void awaitSubscribed(final long until) throws InterruptedException
        {
            subscribed.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        void stop()
        {
            stopped = true;
        }

        @Override
        public void run()
        {
            try (Consumer<byte[], byte[]> consumer = KafkaClientFactory.consumer(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()))
            {
                consumer.subscribe(List.of(topic));
                subscribed.countDown();
                long distinct = 0;
                long repeated = 0;
                while (distinct < records && !stopped && System.nanoTime() < deadline)
                {
                    for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL))
                    {
                        final long sequence = ByteBuffer.wrap(record.value()).getLong(0);
                        if (sequence < 0 || sequence >= records || seen.get((int)sequence))
                        {
                            repeated++;
                            continue;
                        }
                        seen.set((int)sequence);
                        distinct++;
                        lastReceive = System.nanoTime();
                    }
                    consumed = distinct;
                    duplicates = repeated;
                }
                consumed = distinct;
                duplicates = repeated;
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
            finally
            {
                subscribed.countDown();
            }
        }
    }
}
