package io.dafka.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.dafka.DafkaException;
import io.dafka.config.DafkaConfig;
import io.dafka.testing.Loopback;
import io.dafka.testing.WithLoopbackTower;

/** Scenarios 2-5 of docs/protocol.md#behaviour-scenarios: beacons and towers. */
@Timeout(60)
class BeaconTest extends WithLoopbackTower
{
    @Test
    void shouldReportConnectWithTheAnnouncedAddressAndPort() throws Exception
    {
        try (BeaconProbe listener = new BeaconProbe(Loopback.nodeConfig(tower), 2000);
             BeaconProbe other = new BeaconProbe(Loopback.nodeConfig(tower, "beacon.address", "somestring"), 1000))
        {
            assertThat(listener.events.poll(10, TimeUnit.SECONDS)).isEqualTo("CONNECT tcp://somestring:1000");
            assertThat(other.events.poll(10, TimeUnit.SECONDS)).isEqualTo("CONNECT tcp://127.0.0.1:2000");
        }
    }

    @Test
    void shouldReportDisconnectWhenAPeerStopsBeaconing() throws Exception
    {
        try (BeaconProbe listener = new BeaconProbe(Loopback.nodeConfig(tower, "beacon.timeout", 1000), 2000))
        {
            final long stoppedAt;
            try (BeaconProbe other = new BeaconProbe(Loopback.nodeConfig(tower, "beacon.address", "somestring"), 1000))
            {
                assertThat(listener.events.poll(10, TimeUnit.SECONDS)).isEqualTo("CONNECT tcp://somestring:1000");
                stoppedAt = System.nanoTime();
            }
            assertThat(listener.events.poll(10, TimeUnit.SECONDS)).isEqualTo("DISCONNECT tcp://somestring:1000");
            // The peer is forgotten only after beacon.timeout (1 s) without beacons, not at once.
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        }
    }

    @Test
    void shouldLetTheTowerFillInTheHostWhenTheBeaconNamesNone() throws Exception
    {
        try (BeaconProbe listener = new BeaconProbe(Loopback.nodeConfig(tower), 2000);
             BeaconProbe other = new BeaconProbe(Loopback.nodeConfig(tower, "beacon.address", ""), 1000))
        {
            final String event = listener.events.poll(10, TimeUnit.SECONDS);
            assertThat(event).startsWith("CONNECT tcp://").endsWith(":1000")
                .isNotEqualTo("CONNECT tcp://:1000").isNotEqualTo("CONNECT tcp://somestring:1000");
            // C replaces a loopback peer by the tower's own interface address; only possible if there is one.
            assumeThat(event).as("machine has a non-loopback IPv4 interface").doesNotContain("127.0.0.1");
        }
    }

    @Test
    void shouldFailStartUpWithAClearMessageWhenNoTowerAnswers() throws Exception
    {
        final int unusedPort;
        try (ServerSocket probe = new ServerSocket(0))
        {
            unusedPort = probe.getLocalPort();
        }
        final DafkaConfig noTower = DafkaConfig.of(java.util.Map.of(
            "beacon.address", "127.0.0.1",
            "beacon.sub_address", "tcp://127.0.0.1:" + unusedPort,
            "beacon.pub_address", "tcp://127.0.0.1:" + unusedPort,
            "beacon.ready_timeout", 500));
        final long start = System.nanoTime();
        assertThatThrownBy(() -> new BeaconProbe(noTower, 1000))
            .isInstanceOf(DafkaException.class)
            .hasMessageContaining("tcp://127.0.0.1:" + unusedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
