package io.dafka.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.dafka.kafka.KafkaClientFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./dafka produce TOPIC}: one record per line of standard input, through Kafka's Producer interface. */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = "Send each line of standard input as a record (key<separator>value with --key-separator).")
final class ProduceCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "topic")
    String topic;

    @Option(names = "--key-separator", description = "split each line into key and value at the first occurrence")
    String keySeparator;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Override
    public Integer call() throws Exception
    {
        final Map<String, Object> settings = client.settings();
        final AtomicLong failed = new AtomicLong();
        long sent = 0;
        try (Producer<String, String> producer = KafkaClientFactory.producer(settings, new StringSerializer(),
                 new StringSerializer());
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            for (String line = in.readLine(); line != null; line = in.readLine())
            {
                final int split = keySeparator == null ? -1 : line.indexOf(keySeparator);
                final String key = split < 0 ? null : line.substring(0, split);
                final String value = split < 0 ? line : line.substring(split + keySeparator.length());
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) ->
                {
                    if (error != null)
                    {
                        failed.incrementAndGet();
                        System.err.println("produce: " + error.getMessage());
                    }
                });
                sent++;
            }
            producer.flush();
        }
        System.err.printf("produce: %d records sent, %d failed%n", sent, failed.get());
        return failed.get() == 0 ? 0 : 1;
    }
}
