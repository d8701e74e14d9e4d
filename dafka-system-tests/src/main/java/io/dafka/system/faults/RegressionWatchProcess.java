package io.dafka.system.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;

import io.dafka.kafka.KafkaClientFactory;

/**
 * A Kafka-API consumer in a child JVM, so that its log can be read: {@code TOWER_SUB TOWER_PUB TOPIC OFFSETS_DIR}.
 * Polls {@code TOPIC} from the earliest record, prints {@code DELIVERED n} whenever its count of records changes and
 * {@code REGRESSIONS r} whenever its {@code sequence-regressions-total} metric changes, and closes on a line
 * {@code stop} (or the end of stdin), printing {@code TOTAL n} last.
 */
public final class RegressionWatchProcess
{
    private static volatile boolean stopped;

    private RegressionWatchProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Thread stdinReader = new Thread(() ->
        {
            try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
            {
                for (String line = stdin.readLine(); line != null && !line.equals("stop"); line = stdin.readLine())
                {
                    // waits for stop
                }
            }
            catch (final Exception ignored)
            {
                // stdin gone: stop
            }
            stopped = true;
        }, "stdin");
        stdinReader.setDaemon(true);
        stdinReader.start();
        long delivered = 0;
        long regressions = 0;
        try (Consumer<Long, Long> consumer = KafkaClientFactory.consumer(KafkaSettings.consumer(args[0], args[1],
            "regression-watch", args[3])))
        {
            consumer.subscribe(List.of(args[2]));
            while (!stopped)
            {
                final int polled = consumer.poll(Duration.ofMillis(50)).count();
                if (polled > 0)
                {
                    delivered += polled;
                    System.out.println("DELIVERED " + delivered);
                }
                final long now = regressions(consumer);
                if (now != regressions)
                {
                    regressions = now;
                    System.out.println("REGRESSIONS " + regressions);
                }
            }
        }
        System.out.println("TOTAL " + delivered);
    }

    static long regressions(final Consumer<?, ?> consumer)
    {
        return consumer.metrics().entrySet().stream()
            .filter(metric -> metric.getKey().name().equals("sequence-regressions-total"))
            .mapToLong(metric -> ((Number)metric.getValue().metricValue()).longValue()).findFirst().orElse(-1);
    }
}
