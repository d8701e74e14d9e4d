package io.dafka.examples;

import java.util.LinkedHashMap;
import java.util.Map;

import io.dafka.config.DafkaConfig;
import io.dafka.store.StoreNode;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.store.durable.RecoveryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./dafka store --dir D}: a durable store daemon, until SIGTERM / Ctrl-C. */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = {"Run a durable store: keeps every partition it hears of on disk, ACKs what it fsynced, and "
        + "serves FETCH, GET-HEADS and CONSUMER-HELLO to consumers and other stores.",
        "Restarted on the same directory it recovers (truncating torn writes) and resumes.",
        "Settings, in increasing priority: defaults, --config FILE, the flags below, --set KEY=VALUE."})
final class StoreCommand implements Runnable
{
    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", description = "store directory (store.db; default storedb)")
    String directory;

    @Option(names = "--sub", paramLabel = "EP",
        description = "tower XSUB endpoint(s) the beacon publishes to (beacon.sub_address; default "
            + "tcp://127.0.0.1:5556)")
    String sub;

    @Option(names = "--pub", paramLabel = "EP",
        description = "tower XPUB endpoint(s) the beacon listens to (beacon.pub_address; default "
            + "tcp://127.0.0.1:5557)")
    String pub;

    @Option(names = "--address", paramLabel = "HOST",
        description = "host/IP to bind and announce (beacon.address; default: all interfaces, the tower guesses)")
    String address;

    @Option(names = "--fsync", paramLabel = "batch|never",
        description = "batch: fsync each batch before ACKing it (default); never: leave it to the OS (store.fsync)")
    String fsync;

    @Option(names = "--retention-ms", paramLabel = "MS",
        description = "delete segments whose records are all older; 0 = forever (store.retention.ms, default 0)")
    Long retentionMillis;

    @Option(names = "--retention-bytes", paramLabel = "BYTES",
        description = "per partition, delete the oldest segments beyond this size; 0 = no limit "
            + "(store.retention.bytes, default 0)")
    Long retentionBytes;

    @Option(names = "--adopt", negatable = true,
        description = "adopt partitions joined mid-stream once sequence 0 proved unobtainable (store.adopt, "
            + "default false as in C)")
    Boolean adopt;

    @Mixin
    ConfigOptions configuration;

    @Override
    public void run()
    {
        final Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("store.db", directory);
        flags.put("beacon.sub_address", sub);
        flags.put("beacon.pub_address", pub);
        flags.put("beacon.address", address);
        flags.put("store.fsync", fsync);
        flags.put("store.retention.ms", retentionMillis);
        flags.put("store.retention.bytes", retentionBytes);
        flags.put("store.adopt", adopt);
        final DafkaConfig config = configuration.resolve(Map.of(
            "beacon.sub_address", "tcp://127.0.0.1:5556", "beacon.pub_address", "tcp://127.0.0.1:5557"), flags);
        final DurableRecordStore store = DurableRecordStore.open(config);
        final StoreNode node;
        try
        {
            node = StoreNode.start(config, store, health ->
            {
                System.out.println(health.degraded() ? "store: degraded: " + store.directory().toAbsolutePath() +
                    ": " + health.cause() : "store: healthy: " + store.directory().toAbsolutePath());
                System.out.flush();
            });
        }
        catch (final RuntimeException e)
        {
            store.close();
            throw e;
        }
        final RecoveryReport recovered = store.recoveryReport();
        System.out.printf("store: directory %s, %d partition(s) recovered in %d ms (%d segment(s) truncated, "
                + "%d record(s) lost), fsync=%s%n", store.directory().toAbsolutePath(), recovered.partitions(),
            recovered.millis(), recovered.segmentsTruncated(), recovered.recordsLost(),
            config.get(DafkaConfig.STORE_FSYNC));
        System.out.printf("store: writer %s at %s, reader %s at %s, tower %s / %s%n", node.writerAddress(),
            node.writerEndpoint(), node.readerAddress(), node.readerEndpoint(),
            config.get(DafkaConfig.BEACON_SUB_ADDRESS), config.get(DafkaConfig.BEACON_PUB_ADDRESS));
        System.out.println("store: ready");
        System.out.flush();
        Daemon.runUntilTerminated("store", node, store);
    }
}
