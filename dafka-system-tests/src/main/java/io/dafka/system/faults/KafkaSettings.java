package io.dafka.system.faults;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/** Kafka client settings that reach one tower over loopback; record values are the producer's sequence (a long). */
final class KafkaSettings
{
    private KafkaSettings()
    {
    }

    static Map<String, Object> producer(final String towerSub, final String towerPub)
    {
        final Map<String, Object> settings = common(towerSub, towerPub);
        settings.put("acks", "1");
        settings.put("key.serializer", LongSerializer.class.getName());
        settings.put("value.serializer", LongSerializer.class.getName());
        return settings;
    }

    /** An {@code earliest} consumer of {@code group}, committing by hand, offsets kept in {@code offsetsDir}. */
    static Map<String, Object> consumer(final String towerSub, final String towerPub, final String group,
        final String offsetsDir)
    {
        final Map<String, Object> settings = common(towerSub, towerPub);
        settings.put("group.id", group);
        settings.put("dafka.offsets.dir", offsetsDir);
        settings.put("auto.offset.reset", "earliest");
        settings.put("enable.auto.commit", "false");
        settings.put("max.poll.records", "500");
        settings.put("key.deserializer", LongDeserializer.class.getName());
        settings.put("value.deserializer", LongDeserializer.class.getName());
        return settings;
    }

    private static Map<String, Object> common(final String towerSub, final String towerPub)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "dafka://" + towerSub.substring("tcp://".length()));
        settings.put("dafka.tower.sub.endpoints", towerSub);
        settings.put("dafka.tower.pub.endpoints", towerPub);
        settings.put("dafka.beacon.address", "127.0.0.1");
        settings.put("dafka.beacon.interval.ms", 100);
        settings.put("dafka.beacon.timeout.ms", 3000);
        settings.put("dafka.producer.head.interval.ms", 200);
        return settings;
    }
}
