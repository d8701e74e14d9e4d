package io.dafka.examples;

import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** Options shared by the console tools: where the towers (or Kafka brokers) are, and extra client settings. */
final class ClientOptions
{
    @Option(names = "--bootstrap-server", defaultValue = "dafka://127.0.0.1:5556",
        description = "towers as dafka://host:port (XSUB port; XPUB is port+1), or Kafka brokers host:port with " +
            "--transport kafka (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--transport", description = "dafka or kafka (default: from --bootstrap-server)")
    String transport;

    @Option(names = {"-X", "--property"}, description = "extra client setting key=value (repeatable), " +
        "e.g. -X dafka.tower.pub.endpoints=tcp://127.0.0.1:5557")
    Map<String, String> properties = new HashMap<>();

    /** The client settings for the Kafka interfaces, transport chosen by {@code KafkaClientFactory}. */
    Map<String, Object> settings()
    {
        final Map<String, Object> settings = new HashMap<>(properties);
        settings.put("bootstrap.servers", bootstrap);
        if (transport != null)
        {
            settings.put("dafka.transport", transport);
        }
        return settings;
    }
}
