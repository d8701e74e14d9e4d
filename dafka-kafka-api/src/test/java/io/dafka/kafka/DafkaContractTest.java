package io.dafka.kafka;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka client contract on Dafka: an embedded tower and store on loopback, ephemeral ports. */
class DafkaContractTest extends KafkaContractTest
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
        return dafka.clientConfig();
    }

    @Override
    boolean isDafka()
    {
        return true;
    }
}
