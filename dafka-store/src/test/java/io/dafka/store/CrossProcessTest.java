package io.dafka.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.testing.ChildJvm;

/**
 * Scenario 24 of docs/protocol.md#behaviour-scenarios: tower, store, consumers and producer as separate processes
 * over TCP.
 */
@Timeout(120)
class CrossProcessTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<ChildJvm> nodes = new ArrayList<>();

    @AfterEach
    void killAll()
    {
        nodes.forEach(ChildJvm::close);
    }

    @Test
    void shouldDeliverLinesLiveAndFromTheStoreAcrossProcesses() throws Exception
    {
        final ChildJvm tower = start("tower");
        final String[] endpoints = tower.awaitLine("READY ", WAIT).split(" ");
        final String sub = endpoints[1];
        final String pub = endpoints[2];
        start("store", sub, pub).awaitLine("READY", WAIT);
        final ChildJvm live = start("consumer", sub, pub, "earliest", "hello", "3");
        live.awaitLine("READY", WAIT);

        final ChildJvm producer = start("producer", sub, pub, "hello", "one", "two", "three");
        assertThat(producer.waitFor(WAIT)).as("producer exits by itself, every line acknowledged by the store")
            .isZero();
        awaitInOrder(live, "one", "two", "three"); // a line out of order is skipped, and the next wait fails

        final ChildJvm late = start("consumer", sub, pub, "earliest", "hello", "3");
        awaitInOrder(late, "READY", "one", "two", "three");
        assertThat(late.waitFor(WAIT)).as("the late consumer exits 0 after its 3 lines").isZero();
    }

    private ChildJvm start(final String... args) throws Exception
    {
        final ChildJvm node = ChildJvm.start(InteropProcess.class, args);
        nodes.add(node);
        return node;
    }

    private static void awaitInOrder(final ChildJvm node, final String... lines) throws InterruptedException
    {
        for (final String line : lines)
        {
            assertThat(node.awaitLine(line, WAIT)).isEqualTo(line);
        }
    }
}
