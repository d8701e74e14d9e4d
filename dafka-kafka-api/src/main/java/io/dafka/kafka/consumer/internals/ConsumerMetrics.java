package io.dafka.kafka.consumer.internals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.utils.Time;

import io.dafka.transport.NodeMetrics;

/**
 * The consumer's Kafka-named metrics (group {@code consumer-fetch-manager-metrics}), with real values, and Dafka's
 * own (group {@code dafka-consumer-metrics}), in a Kafka {@link Metrics} registry that feeds the configured
 * {@code metric.reporters} (JMX by default, prefix {@code kafka.consumer}) as KafkaConsumer's does.
 */
public final class ConsumerMetrics implements AutoCloseable
{
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String DAFKA_GROUP = "dafka-consumer-metrics";

    private static final String JMX_PREFIX = "kafka.consumer";

    private final Metrics metrics;
    private final Sensor records;
    private final Sensor bytes;
    private final Map<String, String> tags;

    public ConsumerMetrics(final ConsumerConfig config, final String clientId, final Time time)
    {
        tags = Map.of("client-id", clientId);
        final MetricConfig metricConfig = new MetricConfig()
            .samples(config.getInt(ConsumerConfig.METRICS_NUM_SAMPLES_CONFIG))
            .timeWindow(config.getLong(ConsumerConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG), TimeUnit.MILLISECONDS)
            .recordLevel(Sensor.RecordingLevel.forName(config.getString(ConsumerConfig.METRICS_RECORDING_LEVEL_CONFIG)))
            .tags(tags);
        final List<MetricsReporter> reporters = CommonClientConfigs.metricsReporters(clientId, config);
        metrics = new Metrics(metricConfig, reporters, time,
            new KafkaMetricsContext(JMX_PREFIX, config.originalsWithPrefix(CommonClientConfigs.METRICS_CONTEXT_PREFIX)));
        records = metrics.sensor("records-consumed");
        records.add(metrics.metricName("records-consumed-total", GROUP, "records returned by poll", tags),
            new CumulativeSum());
        records.add(metrics.metricName("records-consumed-rate", GROUP, "records returned per second", tags),
            new Rate()); // sums the counts recorded once per poll
        bytes = metrics.sensor("bytes-consumed");
        bytes.add(metrics.metricName("bytes-consumed-total", GROUP, "record bytes returned by poll", tags),
            new CumulativeSum());
        bytes.add(metrics.metricName("bytes-consumed-rate", GROUP, "record bytes returned per second", tags),
            new Rate());
    }

    /** Exposes the engine's counters that have no Kafka name: {@code sequence-regressions-total}. */
    public void engine(final NodeMetrics engine)
    {
        metrics.addMetric(metrics.metricName("sequence-regressions-total", DAFKA_GROUP, "producer HEADs below a " +
            "sequence already delivered: a partition address re-used by a new producer incarnation", tags),
            (Gauge<Long>)(config, now) -> engine.get(io.dafka.transport.Metric.SEQUENCE_REGRESSIONS));
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

    public Map<MetricName, ? extends Metric> all()
    {
        return metrics.metrics();
    }

    @Override
    public void close()
    {
        metrics.close();
    }
}
