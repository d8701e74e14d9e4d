package io.dafka.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.dafka.kafka.KafkaClientFactory;

/**
 * An ordinary Kafka application: it produces greetings and reads them back, written only against Kafka's
 * {@link Producer} and {@link Consumer} interfaces. Which transport carries them is one property,
 * {@code dafka.transport} (or a {@code dafka://} bootstrap address): nothing else changes.
 */
public final class GreetingsApp
{
    private final Properties settings;

    /** @param settings client settings: bootstrap.servers, dafka.transport, ... */
    public GreetingsApp(final Properties settings)
    {
        this.settings = settings;
    }

    /** Sends {@code count} greetings to {@code topic} and returns the ones read back, in order. */
    public List<String> run(final String topic, final int count) throws Exception
    {
        final Properties producerSettings = new Properties();
        producerSettings.putAll(settings);
        producerSettings.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producerSettings.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        try (Producer<String, String> producer = KafkaClientFactory.producer(producerSettings))
        {
            for (int i = 0; i < count; i++)
            {
                producer.send(new ProducerRecord<>(topic, "greeter", "hello #" + i)).get();
            }
        }

        final Properties consumerSettings = new Properties();
        consumerSettings.putAll(settings);
        consumerSettings.put("group.id", "greetings-reader");
        consumerSettings.put("auto.offset.reset", "earliest");
        consumerSettings.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        consumerSettings.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        final List<String> greetings = new ArrayList<>();
        try (Consumer<String, String> consumer = KafkaClientFactory.consumer(consumerSettings))
        {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (greetings.size() < count && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100)))
                {
                    greetings.add(record.value());
                }
            }
            consumer.commitSync();
        }
        return greetings;
    }

    /** {@code GreetingsApp key=value...}: e.g. {@code bootstrap.servers=dafka://127.0.0.1:5556}. */
    public static void main(final String[] args) throws Exception
    {
        final Properties settings = new Properties();
        for (final String arg : args)
        {
            final int equals = arg.indexOf('=');
            settings.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        new GreetingsApp(settings).run("greetings", 5).forEach(System.out::println);
    }
}
