package io.dafka.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.testing.Collected;
import io.dafka.testing.Loopback;
import picocli.CommandLine;

/** {@code ./dafka store}: help, and the daemon in a child JVM stopped with SIGTERM and started again. */
@Timeout(120)
class StoreCommandTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private TowerNode tower;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void startTower()
    {
        tower = Loopback.startTower();
    }

    @AfterEach
    void stop()
    {
        children.forEach(Process::destroyForcibly);
        tower.close();
    }

    @Test
    void shouldDescribeEveryOptionInItsHelp()
    {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = DafkaCli.commandLine();
        commandLine.setOut(new PrintWriter(out));

        assertThat(commandLine.execute("store", "--help")).isZero();
        assertThat(out.toString()).contains("--dir", "--sub", "--pub", "--address", "--config", "--set", "--fsync",
            "--retention-ms", "--retention-bytes", "adopt");
    }

    @Test
    void shouldFlushOnSigtermAndServeEverythingAfterARestart() throws Exception
    {
        final int records = 1000;
        final Daemon first = start();
        first.awaitLine("store: ready");
        final String partition;
        try (ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.head_interval", 200)))
        {
            for (int i = 0; i < records; i++)
            {
                producer.send("daemon", ("line " + i).getBytes(StandardCharsets.UTF_8));
            }
            assertThat(producer.flush(WAIT)).isTrue();
            partition = producer.partitionAddress("daemon");
        }
        // SIGTERM with kill(1): Process.destroy() would also close our end of the child's output
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(first.process.pid())).start().waitFor())
            .isZero();
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        first.awaitLine("store: stopped");

        final Daemon second = start();
        assertThat(second.awaitLine("store: directory")).contains("1 partition(s) recovered", "0 record(s) lost");
        second.awaitLine("store: ready");
        try (ConsumerNode consumer = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset",
            "earliest")))
        {
            consumer.subscribe("daemon");
            final Collected collected = new Collected();
            assertThat(collected.pollUntil(consumer, c -> c.size() >= records, WAIT)).isTrue();
            assertThat(Collected.consecutive(collected.partition("daemon", partition), 0)).isTrue();
            assertThat(collected.texts().get(records - 1)).isEqualTo("line " + (records - 1));
        }
    }

    private Daemon start() throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle."))
            {
                command.add(argument);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DafkaCli.class.getName(), "store",
            "--dir", directory.toString(), "--sub", tower.subEndpoint(), "--pub", tower.pubEndpoint(),
            "--address", "127.0.0.1", "--set", "store.index.entries=1000", "--set", "beacon.interval=100"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(process);
        return new Daemon(process);
    }

    /** A daemon child process whose output lines are queued. */
    private static final class Daemon
    {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        Daemon(final Process process)
        {
            this.process = process;
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
                {
                    for (String line = out.readLine(); line != null; line = out.readLine())
                    {
                        lines.add(line);
                    }
                }
                catch (final IOException ignored)
                {
                    // the process is gone
                }
            }, "daemon-output");
            reader.setDaemon(true);
            reader.start();
        }

        String awaitLine(final String prefix) throws InterruptedException
        {
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline)
            {
                final String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null)
                {
                    seen.add(line);
                    if (line.startsWith(prefix))
                    {
                        return line;
                    }
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "'; the daemon printed " + seen +
                (process.isAlive() ? "" : " and exited with " + process.exitValue()));
        }
    }
}
