package io.dafka.kafka;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;

/**
 * How many distinct stores a producer's send waits for, and which setting said so. {@code acks=all} waits for
 * {@code dafka.min.stores} if given, else {@code min.insync.replicas} if given (Kafka's broker/topic setting,
 * honoured here so a Kafka configuration carries over), else 1; when both are given {@code dafka.min.stores}
 * wins. {@code acks=0} and {@code acks=1} never wait for more than the first store.
 *
 * @param count  distinct stores, at least 1
 * @param source the setting that gave {@code count}, for messages
 */
public record MinStores(int count, String source)
{
    /** Kafka's name, accepted in producer settings. */
    static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    /** Most stores one send may wait for (as {@code producer.min_stores}). */
    static final int MAX = 255;

    /**
     * @param acks            the producer's {@code acks} value
     * @param dafkaMinStores  the parsed {@code dafka.min.stores}
     * @param dafkaExplicit   whether {@code dafka.min.stores} was given
     * @param kafkaSettings   the non-Dafka settings as given
     * @throws ConfigException naming {@code min.insync.replicas} if it is not an integer in [1, 255]
     */
    static MinStores resolve(final String acks, final int dafkaMinStores, final boolean dafkaExplicit,
        final Map<String, ?> kafkaSettings)
    {
        final Object insync = kafkaSettings.get(MIN_INSYNC_REPLICAS);
        final Integer replicas = insync == null ? null : parse(insync);
        if (!"all".equals(acks) && !"-1".equals(acks))
        {
            return new MinStores(1, "acks=" + acks);
        }
        if (dafkaExplicit || replicas == null)
        {
            return new MinStores(dafkaMinStores, DafkaClientConfig.MIN_STORES);
        }
        return new MinStores(replicas, MIN_INSYNC_REPLICAS);
    }

    private static int parse(final Object value)
    {
        final long parsed;
        try
        {
            parsed = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
        }
        catch (final NumberFormatException e)
        {
            throw new ConfigException(MIN_INSYNC_REPLICAS, value, "must be an integer (distinct Dafka stores)");
        }
        if (parsed < 1 || parsed > MAX)
        {
            throw new ConfigException(MIN_INSYNC_REPLICAS, value, "must be between 1 and " + MAX);
        }
        return (int)parsed;
    }
}
