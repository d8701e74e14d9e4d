package io.dafka.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.transport.CurveKeyPair;

/** {@code ./dafka keygen} and the daemons' key file options: the three set-up steps of docs/security.md. */
@Timeout(30)
class KeygenCommandTest
{
    @TempDir
    Path directory;

    @Test
    void shouldWriteAKeyPairFileReadableByItsOwnerAndPrintItsPublicKey() throws Exception
    {
        final Path file = directory.resolve("node.key");

        final Run run = keygen(file);

        assertThat(run.exitCode).isZero();
        final CurveKeyPair pair = CurveKeyPair.read(file);
        assertThat(run.out.strip()).isEqualTo(pair.publicKey());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void shouldRefuseToOverwriteAnExistingKeyFile() throws Exception
    {
        final Path file = directory.resolve("node.key");
        keygen(file);
        final String before = Files.readString(file);

        final Run again = keygen(file);

        assertThat(again.exitCode).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void shouldTurnSecurityOnFromTheKeyFileOptions() throws Exception
    {
        final Path node = directory.resolve("node.key");
        final Path server = directory.resolve("server.key");
        keygen(node);
        final String nodeKey = CurveKeyPair.read(node).publicKey();
        keygen(server);
        final Path allowList = directory.resolve("allow-list");
        Files.writeString(allowList, nodeKey + " this node\n");
        final ConfigOptions options = new ConfigOptions();
        options.keyFile = node;
        options.serverKeyFile = server;
        options.allowList = allowList;

        final DafkaConfig config = options.resolve(Map.of(), Map.of());

        assertThat(config.get(DafkaConfig.SECURITY_ENABLED)).isTrue();
        assertThat(config.get(DafkaConfig.SECURITY_KEY_FILE)).isEqualTo(node.toString());
        assertThat(config.get(DafkaConfig.SECURITY_ALLOW_LIST)).isEqualTo(allowList.toString());
    }

    private record Run(int exitCode, String out)
    {
    }

    private static Run keygen(final Path file)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            final int exitCode = DafkaCli.commandLine().execute("keygen", file.toString());
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(original);
        }
    }
}
