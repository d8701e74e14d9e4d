package io.dafka.system.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;

import io.dafka.config.DafkaConfig;
import io.dafka.discovery.TowerNode;
import io.dafka.kafka.KafkaClientFactory;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;

/**
 * The fixed side of {@link GroupFailoverScenario}, the main of a child JVM in network namespace A:
 * {@code HOST PRODUCERS STORES RATE TOPIC}. A tower, {@code STORES} stores (records and committed offsets in memory)
 * and {@code PRODUCERS} Kafka producers on Dafka ({@code acks=1}), each its own partition of {@code TOPIC}, sending
 * their sequence {@code 0, 1, 2…} as the value (so a record's value is its offset). Prints "tower SUB PUB", then,
 * once each producer's record 0 is acknowledged (its partition exists), "ready". On "go" every producer sends
 * {@code RATE} records a second; on "finish" it stops, waits for every acknowledgement and prints, per producer,
 * "SENT partition records failed first-failure"; on "stop" it closes everything.
 */
public final class GroupFailoverHub
{
    private static final Duration START = Duration.ofSeconds(60);

    private GroupFailoverHub()
    {
    }

    public static void main(final String[] args)
    {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn"); // not their whole configuration
        final BlockingQueue<String> commands = NetworkCutPeers.stdinCommands();
        try
        {
            run(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4],
                commands);
        }
        catch (final Exception | Error e)
        {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    /** Kafka client settings of a client announcing {@code host}, reaching the tower at these endpoints. */
    static Map<String, Object> clientSettings(final String host, final String towerSub, final String towerPub)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "dafka://" + towerSub.substring("tcp://".length()));
        settings.put("dafka.tower.sub.endpoints", towerSub);
        settings.put("dafka.tower.pub.endpoints", towerPub);
        settings.put("dafka.beacon.address", host);
        settings.put("dafka.beacon.interval.ms", 100);
        settings.put("dafka.beacon.timeout.ms", 3000);
        settings.put("dafka.producer.head.interval.ms", 200);
        return settings;
    }

    private static void run(final String host, final int producerCount, final int storeCount, final int rate,
        final String topic, final BlockingQueue<String> commands) throws Exception
    {
        final List<AutoCloseable> opened = new ArrayList<>();
        try (TowerNode tower = TowerNode.start(DafkaConfig.of(Map.of(
            "tower.sub_address", "tcp://" + host + ":*", "tower.pub_address", "tcp://" + host + ":*"))))
        {
            System.out.println("tower " + tower.subEndpoint() + " " + tower.pubEndpoint());
            final DafkaConfig storeConfig = NetworkCutPeers.nodeConfig(host, tower.subEndpoint(),
                tower.pubEndpoint(), "beacon.timeout", 3000);
            for (int i = 0; i < storeCount; i++)
            {
                final InMemoryRecordStore records = new InMemoryRecordStore();
                opened.add(records);
                opened.add(StoreNode.start(storeConfig, records));
            }
            final Map<String, Object> settings = clientSettings(host, tower.subEndpoint(), tower.pubEndpoint());
            settings.put(ProducerConfig.ACKS_CONFIG, "1");
            settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
            settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
            final List<Producer<Long, Long>> producers = new ArrayList<>();
            final List<Sends> sends = new ArrayList<>();
            for (int i = 0; i < producerCount; i++)
            {
                final Producer<Long, Long> producer = KafkaClientFactory.producer(settings);
                opened.add(producer);
                producers.add(producer);
                final Sends tally = new Sends(producer.send(new ProducerRecord<>(topic, (long)i, 0L))
                    .get(START.toSeconds(), TimeUnit.SECONDS).partition());
                tally.sent.incrementAndGet();
                tally.acked.incrementAndGet();
                sends.add(tally);
            }
            System.out.println("ready");
            NetworkCutPeers.await(commands, "go");
            final long start = System.nanoTime();
            for (long sequence = 1; ; sequence++)
            {
                final String command = commands.poll();
                if ("finish".equals(command))
                {
                    break;
                }
                if ("stop".equals(command))
                {
                    throw new IllegalStateException("stopped while sending");
                }
                LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(sequence) / rate - System.nanoTime());
                for (int i = 0; i < producers.size(); i++)
                {
                    final Sends tally = sends.get(i);
                    tally.sent.incrementAndGet();
                    producers.get(i).send(new ProducerRecord<>(topic, (long)i, sequence), (metadata, failure) ->
                    {
                        if (failure == null)
                        {
                            tally.acked.incrementAndGet();
                        }
                        else
                        {
                            tally.failure.compareAndSet(null, failure.getClass().getSimpleName() + ": " +
                                failure.getMessage());
                        }
                    });
                }
            }
            producers.forEach(Producer::flush);
            for (final Sends tally : sends)
            {
                System.out.println("SENT " + tally.partition + " " + tally.sent.get() + " " +
                    (tally.sent.get() - tally.acked.get()) + " " +
                    (tally.failure.get() == null ? "-" : tally.failure.get().replace('\n', ' ')));
            }
            NetworkCutPeers.await(commands, "stop");
        }
        finally
        {
            for (int i = opened.size() - 1; i >= 0; i--)
            {
                opened.get(i).close();
            }
        }
    }

    /** What one producer sent and had acknowledged. */
    private static final class Sends
    {
        final int partition;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        final AtomicReference<String> failure = new AtomicReference<>();

        Sends(final int partition)
        {
            this.partition = partition;
        }
    }
}
