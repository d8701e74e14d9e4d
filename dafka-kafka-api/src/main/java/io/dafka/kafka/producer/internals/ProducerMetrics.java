package io.dafka.kafka.producer.internals;

import java.util.Collections;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Meter;
import org.apache.kafka.common.utils.Time;

import io.dafka.kafka.common.ClientMetricsRegistry;

/**
 * The producer's Kafka {@link Metrics} registry (so {@code metric.reporters}, e.g. JMX, work), group
 * {@code producer-metrics}, tagged {@code client-id}, with a Kafka-named subset of KafkaProducer's metrics.
 */
public final class ProducerMetrics implements AutoCloseable
{
    static final String GROUP = "producer-metrics";
    private static final String JMX_PREFIX = "kafka.producer";

    private final Metrics metrics;
    private final Sensor sends;
    private final Sensor errors;
    private final Sensor latency;
    private final Sensor sizes;

    /** Kafka's registry for {@code config}'s reporters and sampling, on {@code time}. */
    public ProducerMetrics(final ProducerConfig config, final String clientId, final ByteBudget budget, final Time time)
    {
        this.metrics = ClientMetricsRegistry.create(config, clientId, JMX_PREFIX, time);
        sends = metrics.sensor("record-send");
        sends.add(new Meter(name("record-send-rate", "The average number of records sent per second."),
            name("record-send-total", "The total number of records sent.")));
        errors = metrics.sensor("record-error");
        errors.add(new Meter(name("record-error-rate", "The average per-second number of record sends that " +
            "resulted in errors."), name("record-error-total", "The total number of record sends that resulted " +
            "in errors.")));
        latency = metrics.sensor("request-latency");
        latency.add(name("request-latency-avg", "The average time in ms from send to the first store ACK."),
            new Avg());
        latency.add(name("request-latency-max", "The maximum time in ms from send to the first store ACK."),
            new Max());
        sizes = metrics.sensor("record-size");
        sizes.add(name("record-size-avg", "The average record body size (envelope included)."), new Avg());
        sizes.add(name("record-size-max", "The maximum record body size (envelope included)."), new Max());
        sizes.add(new Meter(name("outgoing-byte-rate", "The average number of record bytes sent per second."),
            name("outgoing-byte-total", "The total number of record bytes sent.")));
        metrics.addMetric(name("buffer-total-bytes", "The maximum bytes of unacknowledged records retained " +
            "(buffer.memory)."), (c, now) -> budget.total());
        metrics.addMetric(name("buffer-available-bytes", "buffer.memory not held by unacknowledged records."),
            (c, now) -> budget.available());
        metrics.addMetric(name("records-unacked", "Records sent and not yet acknowledged by a store (Dafka)."),
            (c, now) -> budget.records());
    }

    public void recordSend(final int bytes)
    {
        sends.record();
        sizes.record(bytes);
    }

    public void recordError()
    {
        errors.record();
    }

    void recordAckLatency(final long millis)
    {
        latency.record(millis);
    }

    public Map<MetricName, ? extends Metric> metrics()
    {
        return Collections.unmodifiableMap(metrics.metrics());
    }

    @Override
    public void close()
    {
        metrics.close();
    }

    private MetricName name(final String name, final String description)
    {
        return metrics.metricName(name, GROUP, description);
    }
}
