package io.dafka.system.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;

/**
 * Every store (one or three {@code ./dafka store} daemons) is killed with SIGKILL while a producer streams, the
 * producer goes on streaming, and the stores restart on their directories. Once the producer has its ACKs it
 * closes, so a late {@code earliest} consumer can only get the records from the restarted stores: every record the
 * producer saw ACKed must arrive, once and in order.
 */
public final class StoreKillScenario implements Scenario
{
    private static final String TOPIC = "store-kill";
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Most records sent and not yet ACKed while the stores run (the application's back-pressure). */
    private static final int WINDOW = 2_000;
    private static final int CHECK_EVERY = 500;

    private final int stores;

    public StoreKillScenario(final int stores)
    {
        this.stores = stores;
    }

    @Override
    public String name()
    {
        return "store-kill-9 x" + stores;
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int total = scale.records(15_000, 1_000_000);
        final List<StoreDaemon> daemons = new ArrayList<>();
        try (ScratchDirectory root = new ScratchDirectory("dafka-store-kill"); TowerNode tower = Loopback.startTower();
            AutoCloseable stopStores = () -> daemons.forEach(StoreDaemon::close))
        {
            for (int i = 0; i < stores; i++)
            {
                daemons.add(StoreDaemon.launch(root.resolve("store-" + i), tower));
            }
            for (final StoreDaemon daemon : daemons)
            {
                daemon.awaitReady();
            }
            final AckedSequences acked = new AckedSequences();
            long ackedAtKill = -1;
            Duration converge = Duration.ZERO;
            boolean killed = false;
            boolean restarted = false;
            long killedAfter = 0;
            long sentWhileDown = 0;
            long restartMillis = 0;
            final ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.head_interval", 200));
            try
            {
                for (int sequence = 0; sequence < total; sequence++)
                {
                    producer.send(TOPIC, Payloads.of(sequence), acked);
                    if (sequence % CHECK_EVERY != CHECK_EVERY - 1)
                    {
                        continue;
                    }
                    if (!killed && acked.count() >= total / 3)
                    {
                        for (final StoreDaemon daemon : daemons)
                        {
                            daemon.kill();
                        }
                        ackedAtKill = acked.count();
                        killedAfter = sequence;
                        killed = true;
                    }
                    else if (killed && !restarted && sequence >= killedAfter + WINDOW)
                    {
                        sentWhileDown = sequence - killedAfter;
                        final long start = System.nanoTime();
                        for (final StoreDaemon daemon : daemons)
                        {
                            daemon.launch();
                        }
                        for (final StoreDaemon daemon : daemons)
                        {
                            daemon.awaitReady();
                        }
                        final long ready = System.nanoTime();
                        restartMillis = (ready - start) / 1_000_000;
                        final long sentSoFar = sequence + 1L;
                        Waits.until(() -> acked.count() >= sentSoFar, "the restarted stores ACK what they missed", WAIT);
                        converge = Duration.ofNanos(System.nanoTime() - ready);
                        restarted = true;
                    }
                    else if (!killed || restarted)
                    {
                        final long mustBeAcked = sequence + 1L - WINDOW;
                        Waits.until(() -> acked.count() >= mustBeAcked, "ACKs keep up with the producer", WAIT);
                    }
                }
                producer.flush(WAIT);
            }
            finally
            {
                producer.close(Duration.ZERO);
            }
            final DeliveryAudit audit = new DeliveryAudit(total);
            try (ConsumerNode late = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest")))
            {
                late.subscribe(TOPIC);
                Drain.into(audit, late, WAIT.plusMillis(total / 10));
            }
            final long neverAcked = total - acked.count();
            return audit.figure(name(), converge).withDetail(String.format(
                "acked before kill=%d, sent while stores down=%d, restart to ready=%d ms, never acked=%d", ackedAtKill,
                sentWhileDown, restartMillis, neverAcked))
                .withProblemIf(neverAcked != 0, neverAcked + " records never acknowledged");
        }
    }
}
