package io.dafka.system.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.dafka.kafka.KafkaClientFactory;

/**
 * One incarnation of a producer in a child JVM: {@code TOWER_SUB TOWER_PUB TOPIC CLIENT_ID FIRST COUNT}. Sends
 * values {@code FIRST..FIRST+COUNT-1} through the Kafka API with {@code acks=1} and a fixed {@code client.id}, so that
 * every incarnation has the same identity inputs; flushes, prints {@code ACKED n FAILED f}, and closes when a line
 * {@code stop} (or the end of stdin) arrives.
 */
public final class IncarnationProducerProcess
{
    private IncarnationProducerProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, Object> settings = KafkaSettings.producer(args[0], args[1]);
        settings.put("client.id", args[3]);
        final long first = Long.parseLong(args[4]);
        final long count = Long.parseLong(args[5]);
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        try (Producer<Long, Long> producer = KafkaClientFactory.producer(settings))
        {
            for (long value = first; value < first + count; value++)
            {
                producer.send(new ProducerRecord<>(args[2], value), (metadata, error) ->
                    (error == null ? acked : failed).incrementAndGet());
            }
            producer.flush();
            System.out.println("ACKED " + acked.get() + " FAILED " + failed.get());
            final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = stdin.readLine(); line != null && !line.equals("stop"); line = stdin.readLine())
            {
                // waits to be stopped
            }
        }
        System.out.println("STOPPED");
    }
}
