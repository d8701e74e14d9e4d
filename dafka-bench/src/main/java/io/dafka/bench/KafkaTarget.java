package io.dafka.bench;

import java.util.HashMap;
import java.util.Map;

import io.dafka.kafka.KafkaClientFactory;
import io.dafka.realkafka.RealKafka;

/** One Apache Kafka broker ({@link RealKafka#start()}); producers use {@code acks=all}. */
final class KafkaTarget implements BenchTarget
{
    private final RealKafka broker;

    private KafkaTarget(final RealKafka broker)
    {
        this.broker = broker;
    }

    /** Starts (or connects to) a broker; see {@link RealKafka#start()} for the choices. */
    static KafkaTarget start()
    {
        return new KafkaTarget(RealKafka.start());
    }

    @Override
    public String name()
    {
        return "Kafka";
    }

    @Override
    public Map<String, Object> clientConfig()
    {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(KafkaClientFactory.TRANSPORT_CONFIG, "kafka");
        settings.put("bootstrap.servers", broker.bootstrapServers());
        return settings;
    }

    @Override
    public String acks()
    {
        return "all";
    }

    @Override
    public void close()
    {
        broker.close();
    }

    @Override
    public String toString()
    {
        return "Kafka " + broker;
    }
}
