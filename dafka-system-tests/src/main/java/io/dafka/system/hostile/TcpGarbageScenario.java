package io.dafka.system.hostile;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.HostileClient;

/**
 * Raw garbage over TCP to every bound endpoint of every peer type in one run: the tower's XSUB and XPUB, the
 * producer's, the store writer's and reader's and the consumer's data sockets each get {@link HostileClient#attack}
 * (random bytes, then negative, huge and 2 GiB frame sizes after a ZMTP handshake). Half the records are streamed
 * before, half after: every peer must still work, so every record arrives once, in order, and is stored.
 */
public final class TcpGarbageScenario implements Scenario
{
    private static final int CONNECTIONS_PER_ATTACK = 3;

    @Override
    public String name()
    {
        return "tcp-garbage";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        try (LoopbackCluster cluster = LoopbackCluster.start(scale.records(2_000, 200_000)))
        {
            cluster.streamAndAwait(cluster.total() / 2);
            final Map<String, Long> before = cluster.malformedByPeer();
            final Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put(cluster.tower.subEndpoint(), "PUB");
            endpoints.put(cluster.tower.pubEndpoint(), "SUB");
            endpoints.put(cluster.producerEndpoint(), "SUB");
            endpoints.put(cluster.store.writerEndpoint(), "SUB");
            endpoints.put(cluster.store.readerEndpoint(), "SUB");
            endpoints.put(cluster.consumer.endpoint(), "SUB");
            for (final Map.Entry<String, String> endpoint : endpoints.entrySet())
            {
                HostileClient.attack(endpoint.getKey(), endpoint.getValue());
            }
            final long attacked = System.nanoTime();
            cluster.streamAndAwait(cluster.total());
            final Duration converge = Duration.ofNanos(System.nanoTime() - attacked);
            final Map<String, Long> counted = new LinkedHashMap<>();
            cluster.malformedByPeer().forEach((peer, after) -> counted.put(peer, after - before.get(peer)));
            return cluster.figure(name(), converge, String.format("endpoints=%d connections=%d malformed-counted=%s",
                endpoints.size(), endpoints.size() * CONNECTIONS_PER_ATTACK, counted));
        }
    }
}
