package io.dafka.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * A {@code metric.reporters} class that remembers, per {@code client.id}, the metrics it was told about and
 * whether it was closed: proof that a client configured and fed its reporters.
 */
public final class RecordingMetricsReporter implements MetricsReporter
{
    private static final Map<String, RecordingMetricsReporter> BY_CLIENT = new ConcurrentHashMap<>();

    private final Set<MetricName> reported = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** The reporter configured for {@code clientId}, or null if none was. */
    static RecordingMetricsReporter of(final String clientId)
    {
        return BY_CLIENT.get(clientId);
    }

    Set<MetricName> reported()
    {
        return reported;
    }

    boolean closed()
    {
        return closed;
    }

    @Override
    public void configure(final Map<String, ?> configs)
    {
        BY_CLIENT.put(String.valueOf(configs.get(CommonClientConfigs.CLIENT_ID_CONFIG)), this);
    }

    @Override
    public void init(final List<KafkaMetric> metrics)
    {
        metrics.forEach(metric -> reported.add(metric.metricName()));
    }

    @Override
    public void metricChange(final KafkaMetric metric)
    {
        reported.add(metric.metricName());
    }

    @Override
    public void metricRemoval(final KafkaMetric metric)
    {
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
