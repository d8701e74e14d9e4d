package io.dafka.kafka;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;

import io.dafka.realkafka.RealKafkaExtension;

/**
 * The same Kafka client contract against a real Apache Kafka broker: Testcontainers when Docker is present,
 * otherwise a KRaft broker in a child JVM from the Maven Central jars ({@code real-kafka}).
 */
@ExtendWith(RealKafkaExtension.class)
class RealKafkaContractTest extends KafkaContractTest
{
    @Override
    Map<String, Object> transportConfig()
    {
        return Map.of("bootstrap.servers", RealKafkaExtension.kafka().bootstrapServers());
    }

    @Override
    boolean isDafka()
    {
        return false;
    }
}
