package io.dafka.system.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.dafka.kafka.KafkaClientFactory;

/**
 * Many Kafka producers on Dafka in one JVM, for {@link ManyProducersScenario}:
 * {@code TOWER_SUB TOWER_PUB TOPIC PRODUCERS RECORDS FIRST_KEY}. Opens {@code PRODUCERS} producers ({@code acks=1}),
 * each its own partition; producer {@code i} sends {@code RECORDS} records, key {@code FIRST_KEY + i} and values
 * {@code 0..RECORDS-1}, interleaved with the others. Prints {@code ACKED n failed f} once every send completed
 * (f: the first failure's class and message, or {@code -}), then waits for a line on stdin before closing them all
 * and printing {@code CLOSED}, so that its resources can be read while every producer is open.
 */
public final class ManyProducersProcess
{
    private ManyProducersProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String topic = args[2];
        final int count = Integer.parseInt(args[3]);
        final int records = Integer.parseInt(args[4]);
        final long firstKey = Long.parseLong(args[5]);
        final List<Producer<Long, Long>> producers = new ArrayList<>();
        final Map<String, Object> settings = KafkaSettings.producer(args[0], args[1]);
        for (int i = 0; i < count; i++)
        {
            producers.add(KafkaClientFactory.producer(settings));
        }
        final List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (long value = 0; value < records; value++)
        {
            for (int i = 0; i < count; i++)
            {
                sends.add(producers.get(i).send(new ProducerRecord<>(topic, firstKey + i, value)));
            }
        }
        long acked = 0;
        String failure = "-";
        for (final Future<RecordMetadata> send : sends)
        {
            try
            {
                send.get(5, TimeUnit.MINUTES);
                acked++;
            }
            catch (final Exception e)
            {
                final Throwable cause = e.getCause() == null ? e : e.getCause();
                failure = failure.equals("-") ? cause.getClass().getName() + " " + cause.getMessage() : failure;
            }
        }
        System.out.println("ACKED " + acked + " failed " + failure.replace('\n', ' '));
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        producers.forEach(producer -> producer.close(Duration.ofSeconds(10)));
        System.out.println("CLOSED");
    }
}
