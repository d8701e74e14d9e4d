package io.dafka.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.config.DafkaConfigException;

/** Daemon configuration: C's ZPL files, properties files, and the order of precedence. */
@Timeout(30)
class ConfigOptionsTest
{
    @TempDir
    Path directory;

    @Test
    void shouldReadTheZplFileOfTheCInteropRuns() throws IOException
    {
        final Path file = directory.resolve("interop.cfg");
        Files.writeString(file, String.join("\n",
            "# loopback",
            "beacon",
            "    address = \"127.0.0.1\"",
            "    sub_address = \"tcp://127.0.0.1:7000\"",
            "    verbose = 1",
            "store",
            "    db = /some/dir/storedb   # the store directory",
            ""));

        assertThat(ConfigFile.load(file)).containsOnly(Map.entry("beacon/address", "127.0.0.1"),
            Map.entry("beacon/sub_address", "tcp://127.0.0.1:7000"), Map.entry("store/db", "/some/dir/storedb"));
    }

    @Test
    void shouldNameTheFileAndLineOfAMalformedZplFile() throws IOException
    {
        final Path file = directory.resolve("bad.zpl");
        Files.writeString(file, "store\n    db = x\n            fsync = never\n");

        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(file.toString() + " line 3").hasMessageContaining("fsync = never");
    }

    @Test
    void shouldApplyDefaultsThenFileThenFlagsThenSet() throws IOException
    {
        final Path file = directory.resolve("store.properties");
        Files.writeString(file, "store.db=/from/file\nstore.fsync=never\nstore.retention.ms=1000\n");
        final ConfigOptions options = new ConfigOptions();
        options.file = file;
        options.overrides.put("store.retention.ms", "5000");

        final DafkaConfig config = options.resolve(Map.of("store.db", "default", "store.segment.bytes", "8192"),
            java.util.Collections.singletonMap("store.fsync", "batch"));

        assertThat(config.get(DafkaConfig.STORE_DB)).isEqualTo("/from/file");
        assertThat(config.get(DafkaConfig.STORE_FSYNC)).isEqualTo("batch");
        assertThat(config.get(DafkaConfig.STORE_RETENTION_MS)).isEqualTo(5000);
        assertThat(config.get(DafkaConfig.STORE_SEGMENT_BYTES)).isEqualTo(8192);
    }

    @Test
    void shouldDropCVerboseKeysAndRejectUnknownOnes() throws IOException
    {
        final Path file = directory.resolve("dafka.cfg");
        Files.writeString(file, "store\n    verbose = 1\n    db = \"x\"\n");
        final ConfigOptions options = new ConfigOptions();
        options.file = file;

        assertThat(options.resolve(Map.of(), Map.of()).get(DafkaConfig.STORE_DB)).isEqualTo("x");
        options.overrides.put("store.fsync", "sometimes");
        assertThatThrownBy(() -> options.resolve(Map.of(), Map.of())).isInstanceOf(DafkaConfigException.class)
            .hasMessageContaining("store.fsync");
    }

    @Test
    void shouldRejectABeaconAddressThatIsNotAnAddressOfThisHost()
    {
        final ConfigOptions options = new ConfigOptions();
        // 192.0.2.1 is reserved for documentation (RFC 5737): no host has it on an interface.
        options.overrides.put("beacon.address", "192.0.2.1");

        assertThatThrownBy(() -> options.resolve(Map.of(), Map.of())).isInstanceOf(DafkaConfigException.class)
            .hasMessageContaining("beacon.address").hasMessageContaining("not an address of this host");
        options.overrides.put("beacon.address", "127.0.0.1");
        assertThat(options.resolve(Map.of(), Map.of()).get(DafkaConfig.BEACON_ADDRESS)).isEqualTo("127.0.0.1");
    }
}
