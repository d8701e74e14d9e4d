package io.dafka.examples;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.dafka.kafka.KafkaClientFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./dafka consume TOPIC}: prints records, through Kafka's Consumer interface, until Ctrl-C or a limit. */
@Command(name = "consume", mixinStandardHelpOptions = true,
    description = "Print the records of a topic: 'key<TAB>value', or just the value when there is no key.")
final class ConsumeCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "topic")
    String topic;

    @Option(names = "--from-beginning", description = "start at the first record of partitions without a commit")
    boolean fromBeginning;

    @Option(names = "--group", description = "group.id: committed offsets are kept and resumed (default: a new one)")
    String group;

    @Option(names = "--max-messages", defaultValue = "-1", description = "exit after this many records")
    long maxMessages;

    @Option(names = "--timeout-ms", defaultValue = "-1", description = "exit when no record arrives for this long")
    long timeoutMs;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Override
    public Integer call()
    {
        final Map<String, Object> settings = client.settings();
        settings.put("group.id", group != null ? group : "console-" + UUID.randomUUID());
        if (group == null)
        {
            settings.putIfAbsent("dafka.consumer.offsets.storage", "file"); // a new group commits nothing: no store needed
        }
        settings.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        final CountDownLatch done = new CountDownLatch(1);
        long printed = 0;
        try (Consumer<String, String> consumer = KafkaClientFactory.consumer(settings, new StringDeserializer(),
            new StringDeserializer()))
        {
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                consumer.wakeup();
                awaitQuietly(done);
            }, "consume-shutdown"));
            consumer.subscribe(List.of(topic));
            long idleSince = System.nanoTime();
            while (maxMessages < 0 || printed < maxMessages)
            {
                boolean any = false;
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200)))
                {
                    System.out.println(record.key() == null ? record.value() : record.key() + "\t" + record.value());
                    any = true;
                    if (++printed == maxMessages)
                    {
                        break;
                    }
                }
                idleSince = any ? System.nanoTime() : idleSince;
                if (timeoutMs >= 0 && System.nanoTime() - idleSince > timeoutMs * 1_000_000L)
                {
                    break;
                }
            }
            if (group != null)
            {
                consumer.commitSync();
            }
        }
        catch (final WakeupException stopping)
        {
            // Ctrl-C
        }
        finally
        {
            done.countDown();
        }
        System.err.printf("consume: %d records%n", printed);
        return 0;
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
