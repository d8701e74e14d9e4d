package io.dafka.kafka.consumer.internals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Meter;
import org.apache.kafka.common.metrics.stats.Min;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;

import io.dafka.kafka.common.ClientMetricsRegistry;

import io.dafka.transport.NodeMetrics;

/**
 * The consumer's metrics under Kafka's names and meanings where Dafka has the quantity, in a Kafka
 * {@link Metrics} registry that feeds the configured {@code metric.reporters} (JMX by default, prefix
 * {@code kafka.consumer}) as KafkaConsumer's does: groups {@code consumer-fetch-manager-metrics} (records and
 * bytes returned, lag and lead, also per partition with {@code topic}/{@code partition} tags, FETCH requests),
 * {@code consumer-coordinator-metrics} (commits), {@code consumer-metrics} (poll timing) and {@code app-info};
 * Dafka's own in {@code dafka-consumer-metrics}. Lag is the announced head + 1 minus the position, lead the
 * position (Dafka partitions start at 0). Recorded on the user thread.
 */
public final class ConsumerMetrics implements AutoCloseable
{
    private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
    private static final String COORDINATOR_GROUP = "consumer-coordinator-metrics";
    private static final String CONSUMER_GROUP = "consumer-metrics";
    private static final String DAFKA_GROUP = "dafka-consumer-metrics";
    private static final String JMX_PREFIX = "kafka.consumer";

    private final Metrics metrics;
    private final Time time;
    private final String clientId;
    private final Map<String, String> tags;
    private final Sensor records;
    private final Sensor bytes;
    private final Sensor fetches;
    private final Sensor lag;
    private final Sensor lead;
    private final Sensor commits;
    private final Sensor timeBetweenPolls;
    private final Map<TopicPartition, Sensor[]> partitions = new HashMap<>();
    private NodeMetrics engine;
    private long fetchesSeen;
    private long lastPollMs = -1;

    public ConsumerMetrics(final ConsumerConfig config, final String clientId, final Time time)
    {
        this.time = time;
        this.clientId = clientId;
        this.tags = Map.of("client-id", clientId);
        metrics = ClientMetricsRegistry.create(config, clientId, JMX_PREFIX, time);
        records = metrics.sensor("records-consumed");
        records.add(name("records-consumed-total", FETCH_GROUP, "Records returned by poll."), new CumulativeSum());
        records.add(name("records-consumed-rate", FETCH_GROUP, "Records returned by poll per second."), new Rate());
        bytes = metrics.sensor("bytes-consumed");
        bytes.add(name("bytes-consumed-total", FETCH_GROUP, "Record bytes returned by poll."), new CumulativeSum());
        bytes.add(name("bytes-consumed-rate", FETCH_GROUP, "Record bytes returned by poll per second."), new Rate());
        fetches = metrics.sensor("fetch");
        fetches.add(new Meter(name("fetch-rate", FETCH_GROUP, "FETCH requests the consumer sent per second " +
            "(Dafka asks only for records it missed; live records need none)."),
            name("fetch-total", FETCH_GROUP, "FETCH requests the consumer sent.")));
        lag = metrics.sensor("records-lag");
        lag.add(name("records-lag-max", FETCH_GROUP, "The largest lag in records of any partition in the window."),
            new Max());
        lead = metrics.sensor("records-lead");
        lead.add(name("records-lead-min", FETCH_GROUP, "The smallest lead in records (position minus first " +
            "offset) of any partition in the window."), new Min());
        commits = metrics.sensor("commit-latency");
        commits.add(name("commit-latency-avg", COORDINATOR_GROUP, "The average time in ms a commit took."),
            new Avg());
        commits.add(name("commit-latency-max", COORDINATOR_GROUP, "The longest time in ms a commit took."),
            new Max());
        commits.add(new Meter(new WindowedCount(), name("commit-rate", COORDINATOR_GROUP, "Commits per second."),
            name("commit-total", COORDINATOR_GROUP, "Commits.")));
        timeBetweenPolls = metrics.sensor("time-between-poll");
        timeBetweenPolls.add(name("time-between-poll-avg", CONSUMER_GROUP, "The average time in ms between polls."),
            new Avg());
        timeBetweenPolls.add(name("time-between-poll-max", CONSUMER_GROUP, "The longest time in ms between polls."),
            new Max());
        metrics.addMetric(name("last-poll-seconds-ago", CONSUMER_GROUP, "Seconds since the last poll, -1 before " +
            "the first."), (Gauge<Double>)(unused, now) -> lastPollMs < 0 ? -1.0 : (now - lastPollMs) / 1000.0);
        AppInfoParser.registerAppInfo(JMX_PREFIX, clientId, metrics, time.milliseconds());
    }

    /** Exposes the engine's counters that have no Kafka name: {@code sequence-regressions-total}. */
    public void engine(final NodeMetrics engineMetrics)
    {
        this.engine = engineMetrics;
        metrics.addMetric(name("sequence-regressions-total", DAFKA_GROUP, "producer HEADs below a sequence " +
            "already delivered: a partition address re-used by a new producer incarnation"),
            (Gauge<Long>)(config, now) -> engineMetrics.get(io.dafka.transport.Metric.SEQUENCE_REGRESSIONS));
    }

    /** A poll starts: the time since the previous one, and the FETCHes the engine sent meanwhile. */
    public void recordPoll()
    {
        final long now = time.milliseconds();
        if (lastPollMs >= 0)
        {
            timeBetweenPolls.record(now - lastPollMs, now);
        }
        lastPollMs = now;
        if (engine != null)
        {
            final long sent = engine.get(io.dafka.transport.Metric.FETCHES_SENT);
            if (sent > fetchesSeen)
            {
                fetches.record(sent - fetchesSeen, now); // a windowed sum: the rate and total count requests
            }
            fetchesSeen = sent;
        }
    }

    /** One poll returned {@code count} records of {@code size} bytes in all. */
    public void recordConsumed(final int count, final long size)
    {
        if (count > 0)
        {
            records.record(count);
            bytes.record(size);
        }
    }

    /** A partition returned records and is now at {@code position}, {@code recordsLag} behind its head. */
    public void recordPartition(final TopicPartition partition, final long recordsLag, final long position)
    {
        lag.record(recordsLag);
        lead.record(position);
        final Sensor[] sensors = partitions.computeIfAbsent(partition, this::partitionSensors);
        sensors[0].record(recordsLag);
        sensors[1].record(position);
    }

    /** Drops the per-partition metrics of partitions no longer assigned. */
    public void retainPartitions(final Set<TopicPartition> assigned)
    {
        for (final TopicPartition partition : new HashSet<>(partitions.keySet()))
        {
            if (!assigned.contains(partition))
            {
                partitions.remove(partition);
                metrics.removeSensor(sensorName(partition, "records-lag"));
                metrics.removeSensor(sensorName(partition, "records-lead"));
            }
        }
    }

    /** A commit took {@code latencyMs}. */
    public void recordCommit(final long latencyMs)
    {
        commits.record(latencyMs);
    }

    public Map<MetricName, ? extends Metric> all()
    {
        return metrics.metrics();
    }

    @Override
    public void close()
    {
        AppInfoParser.unregisterAppInfo(JMX_PREFIX, clientId, metrics);
        metrics.close();
    }

    private Sensor[] partitionSensors(final TopicPartition partition)
    {
        final Map<String, String> partitionTags = new LinkedHashMap<>(tags);
        partitionTags.put("topic", partition.topic());
        partitionTags.put("partition", String.valueOf(partition.partition()));
        final Sensor partitionLag = metrics.sensor(sensorName(partition, "records-lag"));
        partitionLag.add(metrics.metricName("records-lag", FETCH_GROUP, "The latest lag of the partition in " +
            "records.", partitionTags), new Value());
        partitionLag.add(metrics.metricName("records-lag-max", FETCH_GROUP, "The largest lag of the partition " +
            "in the window.", partitionTags), new Max());
        partitionLag.add(metrics.metricName("records-lag-avg", FETCH_GROUP, "The average lag of the partition " +
            "in the window.", partitionTags), new Avg());
        final Sensor partitionLead = metrics.sensor(sensorName(partition, "records-lead"));
        partitionLead.add(metrics.metricName("records-lead", FETCH_GROUP, "The latest lead of the partition in " +
            "records.", partitionTags), new Value());
        partitionLead.add(metrics.metricName("records-lead-min", FETCH_GROUP, "The smallest lead of the " +
            "partition in the window.", partitionTags), new Min());
        partitionLead.add(metrics.metricName("records-lead-avg", FETCH_GROUP, "The average lead of the " +
            "partition in the window.", partitionTags), new Avg());
        return new Sensor[] {partitionLag, partitionLead};
    }

    private static String sensorName(final TopicPartition partition, final String metric)
    {
        return partition + "." + metric;
    }

    private MetricName name(final String metric, final String group, final String description)
    {
        return metrics.metricName(metric, group, description, tags);
    }
}
