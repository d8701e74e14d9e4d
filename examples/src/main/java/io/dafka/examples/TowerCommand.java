package io.dafka.examples;

import java.util.LinkedHashMap;
import java.util.Map;

import io.dafka.config.DafkaConfig;
import io.dafka.discovery.TowerNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./dafka tower}: runs a tower until SIGTERM / Ctrl-C. */
@Command(name = "tower", mixinStandardHelpOptions = true,
    description = {"Run a tower: the rendezvous point where nodes discover each other (carries no data).",
        "Settings, in increasing priority: defaults, --config FILE (tower.sub_address, tower.pub_address), the "
            + "flags below, --set KEY=VALUE."})
final class TowerCommand implements Runnable
{
    @Option(names = "--sub", paramLabel = "EP",
        description = "XSUB endpoint(s) where node beacons publish (tower.sub_address; default tcp://127.0.0.1:5556)")
    String sub;

    @Option(names = "--pub", paramLabel = "EP",
        description = "XPUB endpoint(s) where nodes listen (tower.pub_address; default tcp://127.0.0.1:5557)")
    String pub;

    @Mixin
    ConfigOptions configuration;

    @Override
    public void run()
    {
        final Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("tower.sub_address", sub);
        flags.put("tower.pub_address", pub);
        final DafkaConfig config = configuration.resolve(Map.of(
            "tower.sub_address", "tcp://127.0.0.1:5556", "tower.pub_address", "tcp://127.0.0.1:5557"), flags);
        final TowerNode tower = TowerNode.start(config);
        System.out.println("tower: beacons in at " + tower.subEndpoint() + ", out at " + tower.pubEndpoint());
        System.out.flush();
        Daemon.runUntilTerminated("tower", tower);
    }
}
