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
        flags.forEach((key, value) ->
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
