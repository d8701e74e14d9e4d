package io.dafka.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.discovery.TowerNode;
import io.dafka.store.InMemoryRecordStore;
import io.dafka.store.StoreNode;
import io.dafka.testing.Loopback;
import picocli.CommandLine;

/** {@code ./dafka produce} and {@code ./dafka consume} round trip through a tower and a store. */
@Timeout(120)
class ConsoleToolsTest
{
    @TempDir
    Path offsets;

    @Test
    void shouldConsumeFromTheBeginningWhatWasProducedFromStandardInput() throws Exception
    {
        try (TowerNode tower = Loopback.startTower();
             InMemoryRecordStore records = new InMemoryRecordStore();
             StoreNode store = StoreNode.start(Loopback.nodeConfig(tower), records))
        {
            final String[] connection = {"--bootstrap-server", "dafka://127.0.0.1",
                "-X", "dafka.tower.sub.endpoints=" + tower.subEndpoint(),
                "-X", "dafka.tower.pub.endpoints=" + tower.pubEndpoint(),
                "-X", "dafka.offsets.dir=" + offsets};
            final InputStream stdin = System.in;
            try
            {
                System.setIn(new ByteArrayInputStream("alice:hello\nbob:hi\nno key here\n".getBytes(StandardCharsets.UTF_8)));
                assertThat(new CommandLine(new ProduceCommand()).execute(
                    concat(new String[] {"chat", "--key-separator", ":"}, connection))).isZero();
            }
            finally
            {
                System.setIn(stdin);
            }

            final PrintStream stdout = System.out;
            final ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try
            {
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                assertThat(new CommandLine(new ConsumeCommand()).execute(concat(new String[] {"chat",
                    "--from-beginning", "--group", "g1", "--max-messages", "3"}, connection))).isZero();
            }
            finally
            {
                System.setOut(stdout);
            }
            assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("alice\thello", "bob\thi", "no key here");
        }
    }

    private static String[] concat(final String[] first, final String[] second)
    {
        final String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
