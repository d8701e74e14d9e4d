package io.dafka.kafka;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Counts what {@code interceptor.classes} sees, and tags each record with a header. */
public final class CountingInterceptor implements ProducerInterceptor<String, String>
{
    static final AtomicInteger SENT = new AtomicInteger();
    static final AtomicInteger ACKNOWLEDGED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public ProducerRecord<String, String> onSend(final ProducerRecord<String, String> record)
    {
        SENT.incrementAndGet();
        record.headers().add("intercepted", new byte[] {1});
        return record;
    }

    @Override
    public void onAcknowledgement(final RecordMetadata metadata, final Exception exception)
    {
        ACKNOWLEDGED.incrementAndGet();
    }

    @Override
    public void close()
    {
        CLOSED.incrementAndGet();
    }

    @Override
    public void configure(final Map<String, ?> configs)
    {
    }
}
