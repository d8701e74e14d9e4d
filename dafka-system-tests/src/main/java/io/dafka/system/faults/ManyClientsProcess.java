package io.dafka.system.faults;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

import io.dafka.kafka.KafkaClientFactory;

/**
 * Opens Kafka clients on Dafka in one JVM until one fails, for a process started with few file descriptors:
 * {@code TOWER_SUB TOWER_PUB producer|consumer MAX OFFSETS_DIR}. Each producer sends one record ({@code acks=0}); each consumer (a group of
 * its own) subscribes and polls once. Prints {@code FAILED n class message} for the first client that failed (n = how many
 * were open), or {@code OPENED n} if all {@code MAX} opened; then closes them all and prints {@code CLOSED}.
 */
public final class ManyClientsProcess
{
    private ManyClientsProcess()
    {
    }

    public static void main(final String[] args)
    {
        final boolean producers = "producer".equals(args[2]);
        final int max = Integer.parseInt(args[3]);
        final List<Closeable> open = new ArrayList<>();
        try
        {
            while (open.size() < max)
            {
                if (producers)
                {
                    final Map<String, Object> settings = KafkaSettings.producer(args[0], args[1]);
                    settings.put("acks", "0"); // no store runs: the send completes when the record is out
                    final Producer<Long, Long> producer = KafkaClientFactory.producer(settings);
                    open.add(() -> producer.close(Duration.ZERO)); // no store: nothing to wait for
                    producer.send(new ProducerRecord<>("many-clients", (long)open.size())).get();
                }
                else
                {
                    final Map<String, Object> settings = KafkaSettings.consumer(args[0], args[1],
                        "many-clients-" + open.size(), args[4]);
                    settings.put("dafka.consumer.offsets.storage", "file"); // no store runs
                    final Consumer<Long, Long> consumer = KafkaClientFactory.consumer(settings);
                    open.add(consumer::close);
                    consumer.subscribe(List.of("many-clients"));
                    consumer.poll(Duration.ZERO);
                }
            }
            System.out.println("OPENED " + open.size());
        }
        catch (final Throwable e)
        {
            final Throwable failure = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            System.out.println("FAILED " + open.size() + " " + failure.getClass().getName() + " " +
                String.valueOf(failure.getMessage()).replace('\n', ' '));
        }
        open.forEach(client -> Utils.closeQuietly(client::close, "client"));
        System.out.println("CLOSED");
    }
}
