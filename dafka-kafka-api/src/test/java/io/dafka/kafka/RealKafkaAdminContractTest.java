package io.dafka.kafka;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;

import io.dafka.realkafka.RealKafkaExtension;

/** The same Admin contract against a real Apache Kafka broker (the broker the client contract uses). */
@ExtendWith(RealKafkaExtension.class)
class RealKafkaAdminContractTest extends AdminContractTest
{
    @Override
    Map<String, Object> transportConfig()
    {
        return Map.of("bootstrap.servers", RealKafkaExtension.kafka().bootstrapServers());
    }
}
