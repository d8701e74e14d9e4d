package io.dafka.system.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.dafka.config.DafkaConfig;
import io.dafka.consumer.ConsumedRecord;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.transport.Metric;

/**
 * The two sides of {@link NetworkCutScenario}, each the main of a child JVM in its own network namespace, driven by
 * lines on stdin and reporting lines on stdout.
 * <pre>
 *   side-a HOST RECORDS RATE           tower + producer: prints "tower SUB PUB", "ready"; on "go" sends RECORDS
 *                                      records at RATE per second, printing "sent N" every 1/6 and "done";
 *                                      on "stop" closes (waiting for store ACKs), prints "closed acked=BOOL"
 *   side-b HOST SUB PUB RECORDS        store + consumer: prints "ready"; audits every record; prints
 *                                      "complete EPOCH_MS" once every record was delivered and stored;
 *                                      on "stop" prints "final LOST DUPLICATED REORDERED DELIVERED
 *                                      WRONG_CONTENT STORED CONSUMER_DISCONNECTS"
 * </pre>
 */
public final class NetworkCutPeers
{
    static final String TOPIC = "netcut";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PROGRESS_STEPS = 6;

    private NetworkCutPeers()
    {
    }

    public static void main(final String[] args)
    {
        final BlockingQueue<String> commands = stdinCommands();
        try
        {
            if (args[0].equals("side-a"))
            {
                sideA(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), commands);
            }
            else
            {
                sideB(args[1], args[2], args[3], Integer.parseInt(args[4]), commands);
            }
        }
        catch (final Exception | Error e)
        {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    /** Beacon settings for a peer announcing {@code host}: fast beacons, a timeout shorter than the cut. */
    static DafkaConfig nodeConfig(final String host, final String towerSub, final String towerPub,
        final Object... overrides)
    {
        final Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("beacon.address", host);
        settings.put("beacon.sub_address", towerSub);
        settings.put("beacon.pub_address", towerPub);
        settings.put("beacon.interval", 100);
        settings.put("beacon.timeout", 2000);
        settings.put("beacon.ready_timeout", START_TIMEOUT.toMillis());
        for (int i = 0; i < overrides.length; i += 2)
        {
            settings.put((String)overrides[i], overrides[i + 1]);
        }
        return DafkaConfig.of(settings);
    }

    private static void sideA(final String host, final int records, final int rate,
        final BlockingQueue<String> commands) throws InterruptedException
    {
        try (TowerNode tower = TowerNode.start(DafkaConfig.of(Map.of(
            "tower.sub_address", "tcp://" + host + ":*", "tower.pub_address", "tcp://" + host + ":*"))))
        {
            System.out.println("tower " + tower.subEndpoint() + " " + tower.pubEndpoint());
            final ProducerNode producer = ProducerNode.start(nodeConfig(host, tower.subEndpoint(),
                tower.pubEndpoint(), "producer.head_interval", 100, "producer.close_timeout", 60_000));
            producer.ensurePartition(TOPIC, START_TIMEOUT);
            System.out.println("ready");
            await(commands, "go");
            final long start = System.nanoTime();
            final int step = Math.max(1, records / PROGRESS_STEPS);
            for (int sequence = 0; sequence < records; sequence++)
            {
                LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(sequence) / rate - System.nanoTime());
                producer.send(TOPIC, content(sequence));
                if ((sequence + 1) % step == 0)
                {
                    System.out.println("sent " + (sequence + 1));
                }
            }
            System.out.println("done");
            await(commands, "stop");
            System.out.println("closed acked=" + producer.close(START_TIMEOUT));
        }
    }

    private static void sideB(final String host, final String towerSub, final String towerPub, final int records,
        final BlockingQueue<String> commands)
    {
        final DafkaConfig config = nodeConfig(host, towerSub, towerPub, "consumer.offset.reset", "earliest");
        try (InMemoryRecordStore stored = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(config, stored);
             ConsumerNode consumer = ConsumerNode.start(config))
        {
            consumer.subscribe(TOPIC);
            System.out.println("ready");
            final DeliveryAudit audit = new DeliveryAudit(records);
            final List<ConsumedRecord> batch = new ArrayList<>();
            String partition = null;
            boolean complete = false;
            long wrongContent = 0;
            while (!"stop".equals(commands.poll()))
            {
                batch.clear();
                consumer.poll(batch, 10_000, Duration.ofMillis(50));
                for (final ConsumedRecord record : batch)
                {
                    partition = record.partition();
                    audit.received(record.sequence());
                    if (!java.util.Arrays.equals(record.content(), content(record.sequence())))
                    {
                        wrongContent++;
                    }
                }
                if (!complete && audit.complete() && partition != null &&
                    stored.head(TOPIC, partition) == records - 1)
                {
                    complete = true;
                    System.out.println("complete " + System.currentTimeMillis());
                }
            }
            final Figure figure = audit.figure(TOPIC, Duration.ZERO);
            System.out.println("final " + figure.lost() + " " + figure.duplicated() + " " + figure.reordered() + " " +
                figure.delivered() + " " + wrongContent + " " +
                (partition == null ? -1 : stored.head(TOPIC, partition) + 1) + " " +
                consumer.metrics().get(Metric.PEERS_DISCONNECTED));
        }
    }

    static byte[] content(final long sequence)
    {
        return ("record-" + sequence).getBytes(StandardCharsets.UTF_8);
    }

    /** Waits for {@code command}; fails on "stop" (also sent when the parent is gone) so that the child ends. */
    static void await(final BlockingQueue<String> commands, final String command) throws InterruptedException
    {
        for (String next = commands.take(); !command.equals(next); next = commands.take())
        {
            if (next.equals("stop"))
            {
                throw new IllegalStateException("stopped while waiting for '" + command + "'");
            }
        }
    }

    /** The lines of stdin, then "stop" once stdin ends (the parent is gone). */
    static BlockingQueue<String> stdinCommands()
    {
        final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); line != null; line = in.readLine())
                {
                    commands.add(line.trim());
                }
            }
            catch (final IOException gone)
            {
                // parent gone
            }
            commands.add("stop");
        }, "stdin-commands");
        reader.setDaemon(true);
        reader.start();
        return commands;
    }
}
