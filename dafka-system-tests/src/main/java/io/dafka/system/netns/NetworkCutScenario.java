package io.dafka.system.netns;

import java.io.IOException;
import java.time.Duration;

import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.ChildJvm;

/**
 * A network cut between hosts: a tower and a producer in namespace A, a store and a consumer in namespace B,
 * joined by one veth link. The producer streams; a third of the way through, the link goes down
 * until the producer has sent its last record (a few seconds, longer than the beacon timeout, so peers also
 * forget each other), then the link is restored. The consumer must deliver every record exactly once, in order,
 * and the store must hold them all; converge = link restored → last record delivered and stored.
 */
public final class NetworkCutScenario implements Scenario
{
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @Override
    public String name()
    {
        return "network-cut";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int records = scale.records(6_000, 300_000);
        final int rate = scale.records(1_200, 30_000);
        final NetworkLab lab;
        try
        {
            lab = NetworkLab.create();
        }
        catch (final IOException cannot)
        {
            return Figure.skipped(name(), "no network namespaces here: " + cannot.getMessage());
        }
        try (lab;
             ChildJvm sideA = ChildJvm.startInNamespace(lab.namespaceA(), NetworkCutPeers.class, "side-a",
                 NetworkLab.HOST_A, String.valueOf(records), String.valueOf(rate)))
        {
            final String[] tower = sideA.awaitLine("tower ", START).split(" ");
            try (ChildJvm sideB = ChildJvm.startInNamespace(lab.namespaceB(), NetworkCutPeers.class, "side-b",
                NetworkLab.HOST_B, tower[1], tower[2], String.valueOf(records)))
            {
                sideA.awaitLine("ready", START);
                sideB.awaitLine("ready", START);
                sideA.send("go");
                sideA.awaitLine("sent " + (records / 6 * 2), START);
                lab.cut();
                final long cutAt = System.currentTimeMillis();
                sideA.awaitLine("done", START);
                lab.restore();
                final long restoredAt = System.currentTimeMillis();
                final long completeAt = Long.parseLong(sideB.awaitLine("complete ", CONVERGE).split(" ")[1]);
                sideA.send("stop");
                final String acked = sideA.awaitLine("closed ", START);
                sideB.send("stop");
                final String[] fin = sideB.awaitLine("final ", START).split(" ");
                return new Figure(name(), records, Long.parseLong(fin[4]), Long.parseLong(fin[1]),
                    Long.parseLong(fin[2]), Long.parseLong(fin[3]), Duration.ofMillis(completeAt - restoredAt),
                    String.format("cut=%dms (veth down) stored=%s wrong-content=%s consumer-disconnects=%s %s",
                        restoredAt - cutAt, fin[6], fin[5], fin[7], acked), null)
                    .withProblemIf(Long.parseLong(fin[6]) != records, "the store holds " + fin[6] + " records")
                    .withProblemIf(!"0".equals(fin[5]), fin[5] + " records with wrong content")
                    .withProblemIf(!acked.endsWith("acked=true"), "the producer closed with unacknowledged records");
            }
        }
    }
}
