package io.dafka.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;

/**
 * One Dafka node in a child JVM, for cross-process tests. Prints {@code READY ...} once started, then:
 * <pre>
 *   tower                                   prints "READY sub pub" with the ephemeral endpoints; runs until killed
 *   store    SUB PUB                        runs until killed
 *   consumer SUB PUB RESET TOPIC COUNT      prints each record's text, exits 0 after COUNT records
 *   producer SUB PUB TOPIC LINE...          sends the lines, exits 0 once a store acknowledged them all
 * </pre>
 */
public final class InteropProcess
{
    private InteropProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "tower" ->
            {
                final TowerNode tower = TowerNode.start(DafkaConfig.of(Map.of(
                    "tower.sub_address", "tcp://127.0.0.1:*", "tower.pub_address", "tcp://127.0.0.1:*")));
                System.out.println("READY " + tower.subEndpoint() + " " + tower.pubEndpoint());
                waitUntilKilled();
            }
            case "store" ->
            {
                StoreNode.start(config(args[1], args[2], "latest"), new InMemoryRecordStore());
                System.out.println("READY");
                waitUntilKilled();
            }
            case "consumer" ->
            {
                try (ConsumerNode consumer = ConsumerNode.start(config(args[1], args[2], args[3])))
                {
                    consumer.subscribe(args[4]);
                    System.out.println("READY");
                    for (int received = 0; received < Integer.parseInt(args[5]); )
                    {
                        final ConsumedRecord record = consumer.poll(Duration.ofMillis(100));
                        if (record != null)
                        {
                            System.out.println(record.text());
                            received++;
                        }
                    }
                }
            }
            case "producer" ->
            {
                try (ProducerNode producer = ProducerNode.start(config(args[1], args[2], "latest")))
                {
                    System.out.println("READY");
                    for (int i = 4; i < args.length; i++)
                    {
                        producer.send(args[3], args[i].getBytes(StandardCharsets.UTF_8));
                    }
                    System.exit(producer.close(Duration.ofSeconds(30)) ? 0 : 2);
                }
            }
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        }
        System.exit(0);
    }

    private static DafkaConfig config(final String sub, final String pub, final String reset)
    {
        return DafkaConfig.of(Map.of(
            "beacon.address", "127.0.0.1",
            "beacon.sub_address", sub,
            "beacon.pub_address", pub,
            "beacon.interval", 200,
            "producer.head_interval", 200,
            "consumer.offset.reset", reset));
    }

    private static void waitUntilKilled() throws InterruptedException
    {
        final Object forever = new Object();
        synchronized (forever)
        {
            forever.wait();
        }
    }
}
