package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PROTOCOL.md §6 scenario 24: tower, store, consumers and producer as separate processes over TCP. */
@Timeout(120)
class CrossProcessTest
{
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void killAll()
    {
        nodes.forEach(node -> node.process.destroyForcibly());
    }

    @Test
    void shouldDeliverLinesLiveAndFromTheStoreAcrossProcesses() throws Exception
    {
        final Node tower = start("tower");
        final String[] endpoints = tower.awaitLine().split(" ");
        final String sub = endpoints[1];
        final String pub = endpoints[2];
        start("store", sub, pub).awaitLine();
        final Node live = start("consumer", sub, pub, "earliest", "hello", "3");
        assertThat(live.awaitLine()).isEqualTo("READY");

        final Node producer = start("producer", sub, pub, "hello", "one", "two", "three");
        assertThat(producer.process.waitFor(60, TimeUnit.SECONDS)).as("producer exits by itself").isTrue();
        assertThat(producer.process.exitValue()).as("every line acknowledged by the store").isZero();
        assertThat(List.of(live.awaitLine(), live.awaitLine(), live.awaitLine())).containsExactly("one", "two", "three");

        final Node late = start("consumer", sub, pub, "earliest", "hello", "3");
        assertThat(List.of(late.awaitLine(), late.awaitLine(), late.awaitLine(), late.awaitLine()))
            .containsExactly("READY", "one", "two", "three");
        assertThat(late.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private Node start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            InteropProcess.class.getName()));
        command.addAll(List.of(args));
        final Node node = new Node(new ProcessBuilder(command).redirectErrorStream(true).start());
        nodes.add(node);
        return node;
    }

    /** A child JVM whose output lines are queued as they appear. */
    private static final class Node
    {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Node(final Process process)
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
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        String awaitLine() throws InterruptedException
        {
            final String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("a line from the child process within 60 s").isNotNull();
            return line;
        }
    }
}
