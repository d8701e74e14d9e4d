package io.dafka.kafka;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka client contract on Dafka: an embedded tower and store on loopback, ephemeral ports. */
class DafkaContractTest extends KafkaContractTest
{
    @RegisterExtension
    static final EmbeddedDafka dafka = new EmbeddedDafka();

    @Override
    Map<String, Object> transportConfig()
    {
        return dafka.clientConfig();
    }

    @Override
    boolean isDafka()
    {
        return true;
    }
}
