package io.dafka.examples;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.dafka.config.DafkaConfig;
import io.dafka.discovery.TowerNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dafka tower}: runs a tower until SIGTERM / Ctrl-C. */
@Command(name = "tower", mixinStandardHelpOptions = true,
    description = "Run a tower: the rendezvous point where nodes discover each other (carries no data).")
final class TowerCommand implements Runnable
{
    @Option(names = "--sub", defaultValue = "tcp://127.0.0.1:5556",
        description = "XSUB endpoint(s) where node beacons publish (default: ${DEFAULT-VALUE})")
    String sub;

    @Option(names = "--pub", defaultValue = "tcp://127.0.0.1:5557",
        description = "XPUB endpoint(s) where nodes listen (default: ${DEFAULT-VALUE})")
    String pub;

    @Override
    public void run()
    {
        final CountDownLatch stopped = new CountDownLatch(1);
        try (TowerNode tower = TowerNode.start(DafkaConfig.of(Map.of(
            "tower.sub_address", sub, "tower.pub_address", pub))))
        {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "dafka-tower-shutdown"));
            System.out.println("tower: beacons in at " + tower.subEndpoint() + ", out at " + tower.pubEndpoint());
            stopped.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
