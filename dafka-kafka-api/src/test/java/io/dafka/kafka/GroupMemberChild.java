package io.dafka.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Child JVM of {@link GroupFailoverTest}: {@code TOWER_SUB TOWER_PUB TOPIC GROUP OFFSETS_DIR SESSION_MS}. A member of
 * {@code GROUP} that prints {@code ASSIGNED p,p...} when its assignment changes, {@code RECEIVED p offset} for each
 * record, and, after each poll that returned records, commits them and prints {@code COMMITTED p offset} once the
 * commit returned, until killed.
 */
public final class GroupMemberChild
{
    private GroupMemberChild()
    {
    }

    public static void main(final String[] args)
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "dafka://" + args[0].substring("tcp://".length()));
        settings.put("dafka.tower.sub.endpoints", args[0]);
        settings.put("dafka.tower.pub.endpoints", args[1]);
        settings.put("dafka.beacon.interval.ms", 100);
        settings.put("dafka.offsets.dir", args[4]);
        settings.putAll(GroupFailoverTest.memberSettings(args[3], Integer.parseInt(args[5])));
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (Consumer<String, String> consumer = KafkaClientFactory.consumer(settings))
        {
            consumer.subscribe(List.of(args[2]));
            Set<TopicPartition> assigned = Set.of();
            while (true)
            {
                final ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (!consumer.assignment().equals(assigned))
                {
                    assigned = Set.copyOf(consumer.assignment());
                    final Set<Integer> numbers = new TreeSet<>();
                    assigned.forEach(partition -> numbers.add(partition.partition()));
                    System.out.println("ASSIGNED " + numbers);
                }
                final Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                for (final ConsumerRecord<String, String> record : records)
                {
                    System.out.println("RECEIVED " + record.partition() + " " + record.offset());
                    commits.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                }
                if (!commits.isEmpty())
                {
                    consumer.commitSync(commits);
                    commits.forEach((partition, offset) ->
                        System.out.println("COMMITTED " + partition.partition() + " " + offset.offset()));
                }
            }
        }
    }
}
