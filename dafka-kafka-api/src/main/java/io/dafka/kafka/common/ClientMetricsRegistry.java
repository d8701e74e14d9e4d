package io.dafka.kafka.common;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Time;

/**
 * Kafka's metrics registry for one Dafka client, built as Kafka's own clients build theirs: sampling from the
 * {@code metrics.*} settings, every metric tagged {@code client-id}, the configured {@code metric.reporters} (JMX by
 * default) under {@code jmxPrefix}, on the injected {@link Time}.
 */
public final class ClientMetricsRegistry
{
    private ClientMetricsRegistry()
    {
    }

    /** A new registry; the caller closes it. */
    public static Metrics create(final AbstractConfig config, final String clientId, final String jmxPrefix,
        final Time time)
    {
        final MetricConfig metricConfig = new MetricConfig()
            .samples(config.getInt(CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG))
            .timeWindow(config.getLong(CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG), TimeUnit.MILLISECONDS)
            .recordLevel(Sensor.RecordingLevel.forName(
                config.getString(CommonClientConfigs.METRICS_RECORDING_LEVEL_CONFIG)))
            .tags(Map.of("client-id", clientId));
        final List<MetricsReporter> reporters = CommonClientConfigs.metricsReporters(clientId, config);
        return new Metrics(metricConfig, reporters, time,
            new KafkaMetricsContext(jmxPrefix, config.originalsWithPrefix(CommonClientConfigs.METRICS_CONTEXT_PREFIX)));
    }
}
