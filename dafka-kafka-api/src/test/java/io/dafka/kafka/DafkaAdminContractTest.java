package io.dafka.kafka;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The Admin contract on Dafka: an embedded tower and store on loopback, ephemeral ports. */
class DafkaAdminContractTest extends AdminContractTest
{
    @TempDir
    static Path offsets;

    private static EmbeddedDafka dafka;

    @BeforeAll
    static void startDafka()
    {
        dafka = new EmbeddedDafka(offsets);
    }

    @AfterAll
    static void stopDafka()
    {
        dafka.close();
    }

    @Override
    Map<String, Object> transportConfig()
    {
        final Map<String, Object> settings = dafka.clientConfig();
        settings.put("dafka.admin.listen.ms", 1000);
        return settings;
    }
}
