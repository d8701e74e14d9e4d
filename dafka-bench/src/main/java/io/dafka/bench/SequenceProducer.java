package io.dafka.bench;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * A producer of one or more topics (taken in turn, record by record) through {@link KafkaClientFactory} with the
 * target's producer settings; values carry their sequence number in the first 8 bytes (what {@link SequenceConsumer}
 * reads). Opening it makes the topics known (Kafka creates those {@link BenchTarget#prepareTopic} did not).
 */
final class SequenceProducer implements AutoCloseable
{
    private final Producer<byte[], byte[]> producer;
    private final List<String> topics;
    private final AtomicLong errors = new AtomicLong();
    private int next;

    private SequenceProducer(final Producer<byte[], byte[]> producer, final List<String> topics)
    {
        this.producer = producer;
        this.topics = List.copyOf(topics);
    }

    /** Opens a producer of {@code topics} with the target's settings, its producer settings and {@code extra}. */
    static SequenceProducer open(final BenchTarget target, final List<String> topics, final Map<String, Object> extra)
    {
        final Map<String, Object> config = new HashMap<>(target.clientConfig());
        config.putAll(target.producerConfig());
        config.putAll(extra);
        final SequenceProducer opened = new SequenceProducer(
            KafkaClientFactory.producer(config, new ByteArraySerializer(), new ByteArraySerializer()), topics);
        topics.forEach(opened.producer::partitionsFor);
        return opened;
    }

    /**
     * Writes {@code records} values of {@code size} bytes (sequence numbers 0 .. records-1) to a topic and waits
     * until every send completed.
     *
     * @throws IllegalStateException if a send failed
     */
    static void store(final BenchTarget target, final String topic, final int records, final int size)
    {
        target.prepareTopic(topic);
        try (SequenceProducer producer = open(target, List.of(topic), Map.of()))
        {
            for (int i = 0; i < records; i++)
            {
                producer.send(value(size, i));
            }
            producer.flush();
            if (producer.errors() > 0)
            {
                throw new IllegalStateException(producer.errors() + " of " + records + " sends to " + target.name()
                    + " failed");
            }
        }
    }

    /** A value of {@code size} bytes, at least {@link SequenceConsumer#MIN_SIZE}, starting with {@code sequence}. */
    static byte[] value(final int size, final long sequence)
    {
        final byte[] value = new byte[size];
        ByteBuffer.wrap(value).putLong(0, sequence);
        return value;
    }

    /** Sends asynchronously to the next of its topics; a failure is counted in {@link #errors()}. */
    void send(final byte[] value)
    {
        final String topic = topics.get(next);
        next = (next + 1) % topics.size();
        send(topic, value);
    }

    /** Sends one value to each of its topics. */
    void sendToEach(final byte[] value)
    {
        topics.forEach(topic -> send(topic, value));
    }

    private void send(final String topic, final byte[] value)
    {
        producer.send(new ProducerRecord<>(topic, value), (metadata, error) ->
        {
            if (error != null)
            {
                errors.incrementAndGet();
            }
        });
    }

    /** Waits until every send completed. */
    void flush()
    {
        producer.flush();
    }

    /** Sends that failed so far. */
    long errors()
    {
        return errors.get();
    }

    @Override
    public void close()
    {
        producer.close();
    }
}
