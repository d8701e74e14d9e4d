package io.dafka.kafka;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The Admin contract on Dafka: an embedded tower and store on loopback, ephemeral ports. */
class DafkaAdminContractTest extends AdminContractTest
{
    @RegisterExtension
    static final EmbeddedDafka dafka = new EmbeddedDafka();

    @Override
    Map<String, Object> transportConfig()
    {
        final Map<String, Object> settings = dafka.clientConfig();
        settings.put("dafka.admin.listen.ms", 1000);
        return settings;
    }
}
