package io.dafka.system.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.dafka.kafka.KafkaClientFactory;

/**
 * A producer in a child JVM: {@code TOWER_SUB TOWER_PUB TOPIC COUNT}. Sends values {@code 0..COUNT-1} through the
 * Kafka API with {@code acks=1}, flushes, prints {@code ACKED n FAILED f} from its send callbacks, then waits on
 * stdin without closing, to be killed.
 */
public final class AckingProducerProcess
{
    private AckingProducerProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long count = Long.parseLong(args[3]);
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final Producer<Long, Long> producer = KafkaClientFactory.producer(KafkaSettings.producer(args[0], args[1]));
        for (long sequence = 0; sequence < count; sequence++)
        {
            producer.send(new ProducerRecord<>(args[2], sequence), (metadata, error) ->
                (error == null ? acked : failed).incrementAndGet());
        }
        producer.flush();
        System.out.println("ACKED " + acked.get() + " FAILED " + failed.get());
        final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (stdin.readLine() != null)
        {
            // waits to be killed
        }
    }
}
