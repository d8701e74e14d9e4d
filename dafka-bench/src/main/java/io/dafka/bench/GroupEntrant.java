package io.dafka.bench;

import java.util.Map;

/**
 * A row of the groups workload: a system and the settings its group members get on top of the workload's own.
 *
 * @param name             as in the table, e.g. {@code Kafka tuned}
 * @param target           the system (its producers' settings feed the partitions)
 * @param consumerSettings the members' group timings and, for Dafka, where committed offsets go
 */
record GroupEntrant(String name, BenchTarget target, Map<String, Object> consumerSettings)
    implements Entrant
{
    /** Kafka's client default, which Dafka's members do not share. */
    static final int KAFKA_HEARTBEAT_INTERVAL_MS = 3_000;

    GroupEntrant
    {
        consumerSettings = Map.copyOf(consumerSettings);
    }

    /** The members' {@code heartbeat.interval.ms}: as set, else Kafka's default. */
    int heartbeatIntervalMs()
    {
        final Object set = consumerSettings.get("heartbeat.interval.ms");
        return set == null ? KAFKA_HEARTBEAT_INTERVAL_MS : Integer.parseInt(set.toString());
    }
}
