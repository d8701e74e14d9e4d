package io.dafka.system.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;

import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;

/**
 * A {@code ./dafka store} daemon whose directory is on a small tmpfs fills its disk mid-stream: a filler file leaves
 * a few kilobytes free while a producer streams with ACKs, so the store's appends fail with ENOSPC. Once the ACKs
 * stall, the filler is deleted: ACKs must resume within {@link #RESUME_BOUND}, the producer closes once everything
 * is ACKed, and a late {@code earliest} consumer must receive every ACKed record with its content. The store is then
 * stopped and restarted on the same directory: its recovery report must count exactly the records that recovery
 * took away (0 if none). Skipped where a tmpfs cannot be mounted (not root).
 */
public final class DiskFullScenario implements Scenario
{
    private static final String TOPIC = "disk-full";
    /** The whole filesystem: the store's Chronicle Map index and its segments fit many times over until filled. */
    private static final long TMPFS_BYTES = 32L * 1024 * 1024;
    /** Free bytes the filler leaves: a few hundred records' frames. */
    private static final long HEADROOM = 48 * 1024;
    /** Most records sent and not yet ACKed (the application's back-pressure). */
    private static final int WINDOW = 1_000;
    /** ACKs that do not advance for this long while records are outstanding: the store's disk is full. */
    private static final Duration STALL = Duration.ofSeconds(4);
    /** ACKs must resume this soon after the space is freed. */
    private static final Duration RESUME_BOUND = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Override
    public String name()
    {
        return "disk-full";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int total = scale.records(12_000, 200_000);
        final int beforeFill = total / 4;
        try (ScratchDirectory root = new ScratchDirectory("dafka-disk-full"))
        {
            final Tmpfs disk;
            try
            {
                disk = Tmpfs.mount(root.resolve("tmpfs"), TMPFS_BYTES);
            }
            catch (final IOException cannot)
            {
                return Figure.skipped(name(), "cannot mount a tmpfs here (root only): " + cannot.getMessage());
            }
            try (disk; TowerNode tower = Loopback.startTower();
                 StoreDaemon store = StoreDaemon.launch(disk.path().resolve("store"), tower))
            {
                store.awaitReady();
                return run(total, beforeFill, disk, tower, store);
            }
        }
    }

    private Figure run(final int total, final int beforeFill, final Tmpfs disk, final TowerNode tower,
        final StoreDaemon store) throws Exception
    {
        final AckedSequences acked = new AckedSequences();
        final Stream stream = new Stream(acked);
        final ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.head_interval", 200));
        long stalledAt = -1;
        long sentAtStall = -1;
        long resumeMillis = -1;
        try
        {
            stream.send(producer, 0, beforeFill);
            Waits.until(() -> acked.count() >= beforeFill, "the store ACKs what it got before the disk filled", WAIT);
            disk.fillLeaving(HEADROOM);
            final int sentBeforeStall = stream.sendUntilStalled(producer, beforeFill, total);
            if (sentBeforeStall < total)
            {
                stalledAt = acked.count();
                sentAtStall = sentBeforeStall;
            }
            disk.deleteFiller();
            final long freed = System.nanoTime();
            final long ackedAtFree = acked.count();
            if (sentBeforeStall < total && Waits.within(() -> acked.count() > ackedAtFree, WAIT))
            {
                resumeMillis = (System.nanoTime() - freed) / 1_000_000;
            }
            if (sentBeforeStall < total && resumeMillis >= 0)
            {
                stream.send(producer, sentBeforeStall, total);
            }
            producer.flush(resumeMillis >= 0 || sentBeforeStall == total ? WAIT : Duration.ofSeconds(5));
        }
        finally
        {
            producer.close(Duration.ZERO);
        }
        final String degraded = store.awaitStatus("store: degraded", Duration.ofSeconds(1));
        final String healthy = degraded == null ? null : store.awaitStatus("store: healthy", Duration.ofSeconds(10));
        final String died = store.alive() ? null : "the store died: " + store.lastLines(8);
        if (died != null)
        {
            store.launch();
            store.awaitReady();
        }
        final BitSet ackedSequences = acked.snapshot();
        final DeliveryAudit audit = new DeliveryAudit(stream.sent);
        final long wrongContent;
        try (ConsumerNode late = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest")))
        {
            late.subscribe(TOPIC);
            final ContentDrain drain = new ContentDrain(audit, late);
            drain.drain(ackedSequences.cardinality() == stream.sent ? WAIT : Duration.ofSeconds(20), false);
            wrongContent = drain.wrongContent();
        }
        final BitSet ackedNotDelivered = (BitSet)ackedSequences.clone();
        ackedNotDelivered.andNot(audit.seen());
        final Recovery recovery = restart(store);
        final BitSet ackedNotStored = (BitSet)ackedSequences.clone();
        ackedNotStored.andNot(recovery.stored.sequences());
        final long neverAcked = stream.sent - ackedSequences.cardinality();
        return audit.figure(name(), Duration.ofMillis(Math.max(0, resumeMillis))).withDetail(String.format(
            "acked=%d stored=%d (corrupt frames=%d) ackedAtStall=%d sentAtStall=%d resume=%dms degraded=%s "
                + "healthy=%s recovery: reported lost=%d, truly lost=%d, wrong content=%d",
            ackedSequences.cardinality(),
            recovery.stored.held(), recovery.stored.corruptFrames(), stalledAt, sentAtStall, resumeMillis,
            degraded != null, healthy != null, recovery.reported, recovery.trulyLost, wrongContent))
            .withProblemIf(died != null, String.valueOf(died))
            .withProblemIf(!ackedNotDelivered.isEmpty(), ackedNotDelivered.cardinality() + " ACKed records not "
                + "delivered (first " + ackedNotDelivered.nextSetBit(0) + ")")
            .withProblemIf(!ackedNotStored.isEmpty(), ackedNotStored.cardinality() + " ACKed records not in the "
                + "store's files after its restart (first " + ackedNotStored.nextSetBit(0) + ")")
            .withProblemIf(wrongContent != 0, wrongContent + " records with wrong content")
            .withProblemIf(stalledAt < 0, "ACKs never stalled though the disk was full: the store ACKed "
                + (total - beforeFill) + " records with " + HEADROOM + " bytes free")
            .withProblemIf(stalledAt >= 0 && resumeMillis < 0, "ACKs did not resume within " + WAIT.toSeconds()
                + " s of freeing the space")
            .withProblemIf(resumeMillis > RESUME_BOUND.toMillis(), "ACKs resumed " + resumeMillis + " ms after "
                + "freeing the space (bound " + RESUME_BOUND.toMillis() + " ms)")
            .withProblemIf(neverAcked != 0, neverAcked + " records never acknowledged")
            .withProblemIf(stalledAt >= 0 && degraded == null, "no 'store: degraded' line while the disk was full")
            .withProblemIf(degraded != null && healthy == null, "no 'store: healthy' line after the space was freed")
            .withProblemIf(recovery.reported != recovery.trulyLost, "the restarted store reported "
                + recovery.reported + " record(s) lost; recovery took away " + recovery.trulyLost);
    }

    /** Stops the store cleanly, restarts it on its directory and compares its recovery report with its files. */
    private static Recovery restart(final StoreDaemon store) throws Exception
    {
        store.stop();
        final SegmentFiles.Holding before = SegmentFiles.read(store.directory());
        store.launch();
        store.awaitReady();
        final SegmentFiles.Holding after = SegmentFiles.read(store.directory());
        final BitSet gone = (BitSet)before.sequences().clone();
        gone.andNot(after.sequences());
        return new Recovery(after, store.recordsLostAtStart(), gone.cardinality());
    }

    /** What the restarted store holds, what its recovery report said it lost, and what it did lose. */
    private record Recovery(SegmentFiles.Holding stored, long reported, long trulyLost)
    {
    }

    /** Sends sequences with at most {@link #WINDOW} unacknowledged, and notices when the ACKs stall. */
    private static final class Stream
    {
        private final AckedSequences acked;
        private int sent;

        Stream(final AckedSequences acked)
        {
            this.acked = acked;
        }

        /** Sends {@code from..to-1}, waiting for ACKs to keep up (up to {@link #WAIT}). */
        void send(final ProducerNode producer, final int from, final int to)
        {
            for (int sequence = from; sequence < to; sequence++)
            {
                final long mustBeAcked = sequence - WINDOW;
                Waits.until(() -> acked.count() >= mustBeAcked, "ACKs keep up with the producer", WAIT);
                producer.send(TOPIC, Payloads.of(sequence), acked);
                sent = sequence + 1;
            }
        }

        /**
         * Sends from {@code from} on until {@code to}, or until the ACKs made no progress for {@link #STALL} with a
         * full window outstanding; returns the next sequence to send.
         */
        int sendUntilStalled(final ProducerNode producer, final int from, final int to)
        {
            for (int sequence = from; sequence < to; sequence++)
            {
                while (acked.count() < sequence - WINDOW)
                {
                    final long before = acked.count();
                    if (!Waits.within(() -> acked.count() > before, STALL))
                    {
                        return sequence;
                    }
                }
                producer.send(TOPIC, Payloads.of(sequence), acked);
                sent = sequence + 1;
            }
            return to;
        }
    }
}
