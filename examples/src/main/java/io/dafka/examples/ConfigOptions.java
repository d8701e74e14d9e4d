package io.dafka.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.dafka.config.DafkaConfig;
import io.dafka.config.LocalAddress;
import picocli.CommandLine.Option;

/** The configuration options every daemon shares: a file and {@code --set KEY=VALUE} overrides. */
final class ConfigOptions
{
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "configuration file: Java properties with Dafka keys (store.fsync=batch), or C's ZPL format "
            + "for *.cfg / *.zpl (store/db = \"...\")")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "any configuration key, repeatable (see docs/configuration.md); overrides the file and flags")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--key-file", paramLabel = "FILE",
        description = "this node's key pair (dafka keygen); turns security on (security.key_file)")
    Path keyFile;

    @Option(names = "--server-key-file", paramLabel = "FILE",
        description = "the mesh's server key pair, the same on every node and tower (security.server_key_file)")
    Path serverKeyFile;

    @Option(names = "--allow-list", paramLabel = "FILE",
        description = "the public keys admitted, one a line (security.allow_list)")
    Path allowList;

    /**
     * Settings in increasing priority: {@code defaults}, the file, {@code flags} (null values = flag not given),
     * then {@code --set}; validated, including that a {@code beacon.address} is an address of this host.
     */
    DafkaConfig resolve(final Map<String, ?> defaults, final Map<String, ?> flags)
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        defaults.forEach((key, value) -> settings.put(normal(key), value));
        if (file != null)
        {
            try
            {
                ConfigFile.load(file).forEach((key, value) -> settings.put(normal(key), value));
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        final Map<String, Object> allFlags = new LinkedHashMap<>(flags);
        if (keyFile != null)
        {
            allFlags.put(DafkaConfig.SECURITY_ENABLED.name(), true);
        }
        allFlags.put(DafkaConfig.SECURITY_KEY_FILE.name(), keyFile);
        allFlags.put(DafkaConfig.SECURITY_SERVER_KEY_FILE.name(), serverKeyFile);
        allFlags.put(DafkaConfig.SECURITY_ALLOW_LIST.name(), allowList);
        allFlags.forEach((key, value) ->
        {
            if (value != null)
            {
                settings.put(normal(key), value);
            }
        });
        overrides.forEach((key, value) -> settings.put(normal(key), value));
        final DafkaConfig config = DafkaConfig.of(settings);
        final String beaconAddress = config.get(DafkaConfig.BEACON_ADDRESS);
        if (!beaconAddress.isEmpty())
        {
            LocalAddress.require(DafkaConfig.BEACON_ADDRESS.name(), beaconAddress);
        }
        return config;
    }

    private static String normal(final String key)
    {
        return key.replace('/', '.');
    }
}
