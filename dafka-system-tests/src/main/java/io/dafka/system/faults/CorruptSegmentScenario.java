package io.dafka.system.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dafka.config.DafkaConfig;
import io.dafka.config.DafkaConfigException;
import io.dafka.consumer.ConsumerNode;
import io.dafka.discovery.TowerNode;
import io.dafka.producer.ProducerNode;
import io.dafka.system.DeliveryAudit;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;
import io.dafka.transport.Metric;

/**
 * Bytes flipped on disk under running {@code ./dafka store} daemons with small segments, after the producer has
 * closed (so only stores can give the records back).
 * <ul>
 * <li>Two stores: 16 bytes in the middle of a frame of a sealed segment and of the newest segment of one store. A
 * late {@code earliest} consumer must receive every record with its content; the damaged store must repair itself
 * from its peer without a restart within {@link #REPAIR_BOUND} (its files hold every record again; then the healthy
 * peer is SIGKILLed and a second late consumer reads everything from the repaired store alone); no intact segment
 * file may be deleted; stopped and restarted with {@code store.recovery.scan=all} it must report 0 records lost.</li>
 * <li>One store: a sealed segment flipped and no peer. A late consumer must end in the documented signal within
 * {@link #SIGNAL_BOUND}: the records after the damaged range delivered, the range skipped and counted in
 * {@code RECORDS_SKIPPED}, never a hang.</li>
 * </ul>
 */
public final class CorruptSegmentScenario implements Scenario
{
    private static final String TOPIC = "corrupt-segment";
    private static final int FLIPPED_BYTES = 16;
    private static final int WINDOW = 2_000;
    /**
     * Small segments, so the stream makes many sealed ones; a fast scrub, so damage is found while running; a repair
     * timeout of 10 s instead of 30 s with a peer, 3 s without one, so the single store's signal comes sooner.
     */
    private static final List<String> SETTINGS = List.of("store.segment.bytes=65536", "store.scrub.interval=1000",
        "store.scrub.rate=16777216");
    /** The damaged store must hold every record again this soon after the flip. */
    private static final Duration REPAIR_BOUND = Duration.ofSeconds(60);
    /** A late consumer of a single damaged store must get past the damage this soon. */
    private static final Duration SIGNAL_BOUND = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration FILE_POLL = Duration.ofMillis(250);

    private final int stores;

    /** {@code stores}: 2 (one damaged, one healthy peer) or 1 (damaged, no peer). */
    public CorruptSegmentScenario(final int stores)
    {
        if (stores != 1 && stores != 2)
        {
            throw new IllegalArgumentException("1 or 2 stores, not " + stores);
        }
        this.stores = stores;
    }

    @Override
    public String name()
    {
        return "corrupt-segment x" + stores;
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int total = scale.records(6_000, 300_000);
        final List<String> settings = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final List<String> wanted = new ArrayList<>(SETTINGS);
        wanted.add("store.repair.timeout=" + (stores == 2 ? 10_000 : 3_000));
        for (final String setting : wanted)
        {
            (known(setting) ? settings : unknown).add(setting);
        }
        final List<StoreDaemon> daemons = new ArrayList<>();
        try (ScratchDirectory root = new ScratchDirectory("dafka-corrupt-segment");
             TowerNode tower = Loopback.startTower();
             AutoCloseable stopStores = () -> daemons.forEach(StoreDaemon::close))
        {
            for (int i = 0; i < stores; i++)
            {
                daemons.add(StoreDaemon.launch(root.resolve("store-" + i), tower, settings.toArray(String[]::new)));
            }
            for (final StoreDaemon daemon : daemons)
            {
                daemon.awaitReady();
            }
            final List<Long> notHolding = new ArrayList<>();
            final long unacked = produce(tower, total, daemons, notHolding);
            final StoreDaemon damaged = daemons.get(0);
            final List<Path> before = SegmentFiles.segments(damaged.directory());
            final Figure figure = stores == 2
                ? withPeer(tower, total, damaged, daemons.get(1), before)
                : withoutPeer(tower, total, damaged, before);
            return figure
                .withProblemIf(!unknown.isEmpty(), "the store does not know " + unknown + " (no background scrub)")
                .withProblemIf(unacked != 0, unacked + " records never acknowledged")
                .withProblemIf(notHolding.stream().anyMatch(held -> held >= 0), "with the producer alive, stores held "
                    + notHolding + " of " + total + " records (-1: all)");
        }
    }

    /**
     * Streams {@code 0..total-1} with ACKs and flushes; closes once every store's files hold every record (the
     * stores can still fetch what they missed from it), or a store did not within {@link #WAIT}: then what it held
     * is added to {@code notHolding} (-1 for a store that holds all). Returns how many records were never ACKed.
     */
    private static long produce(final TowerNode tower, final int total, final List<StoreDaemon> daemons,
        final List<Long> notHolding) throws IOException
    {
        final AckedSequences acked = new AckedSequences();
        final ProducerNode producer = ProducerNode.start(Loopback.nodeConfig(tower, "producer.head_interval", 200));
        try
        {
            for (int sequence = 0; sequence < total; sequence++)
            {
                final long mustBeAcked = sequence - WINDOW;
                Waits.until(() -> acked.count() >= mustBeAcked, "ACKs keep up with the producer", WAIT);
                producer.send(TOPIC, Payloads.of(sequence), acked);
            }
            producer.flush(WAIT);
            for (final StoreDaemon daemon : daemons)
            {
                final boolean holds = Waits.within(() -> SegmentFiles.holdsAll(daemon.directory(), total), WAIT,
                    FILE_POLL);
                notHolding.add(holds ? -1L : SegmentFiles.read(daemon.directory()).held());
            }
        }
        finally
        {
            producer.close(Duration.ZERO);
        }
        return total - acked.count();
    }

    private Figure withPeer(final TowerNode tower, final int total, final StoreDaemon damaged,
        final StoreDaemon peer, final List<Path> before) throws Exception
    {
        final Path sealed = before.get(before.size() / 2 - 1);
        final Path newest = before.get(before.size() - 1);
        final long sealedSequence = SegmentFiles.flipMiddleFrame(sealed, FLIPPED_BYTES);
        final long newestSequence = SegmentFiles.flipMiddleFrame(newest, FLIPPED_BYTES);
        final long flipped = System.nanoTime();
        final DeliveryAudit audit = new DeliveryAudit(total);
        final long wrongContent = lateConsumer(tower, audit, WAIT).wrongContent;
        final boolean repaired = Waits.within(() -> SegmentFiles.holdsAll(damaged.directory(), total), REPAIR_BOUND,
            FILE_POLL);
        final long repairMillis = repaired ? (System.nanoTime() - flipped) / 1_000_000 : -1;
        peer.kill();
        final DeliveryAudit alone = new DeliveryAudit(total);
        final Late fromRepaired = lateConsumer(tower, alone, WAIT);
        final long aloneDelivered = alone.seen().cardinality();
        damaged.stop();
        final List<String> damageLines = damaged.lastLines(Integer.MAX_VALUE).stream()
            .filter(line -> line.contains("corrupt") || line.contains("damage")).toList();
        damaged.launch("store.recovery.scan=all");
        damaged.awaitReady();
        final Set<Path> deleted = new HashSet<>(before);
        deleted.removeAll(SegmentFiles.segments(damaged.directory()));
        deleted.remove(sealed);
        deleted.remove(newest);
        final long lostAtRestart = damaged.recordsLostAtStart();
        final boolean holdsAfterRestart = SegmentFiles.holdsAll(damaged.directory(), total);
        return audit.figure(name(), Duration.ofMillis(Math.max(0, repairMillis))).withDetail(String.format(
            "segments=%d flipped: sealed %s (seq %d), newest %s (seq %d); repaired in files=%dms; from the repaired "
                + "store alone: delivered=%d wrong content=%d in %dms; intact segments deleted (after a restart "
                + "with scan=all)=%d; restart with scan=all: %d record(s) lost; wrong content=%d", before.size(),
            sealed.getFileName(),
            sealedSequence, newest.getFileName(), newestSequence, repairMillis, aloneDelivered,
            fromRepaired.wrongContent, fromRepaired.millis, deleted.size(), lostAtRestart, wrongContent)
            + "; the damaged store logged: " + damageLines)
            .withProblemIf(wrongContent != 0, wrongContent + " records with wrong content")
            .withProblemIf(!repaired, "the damaged store did not hold every record again within "
                + REPAIR_BOUND.toSeconds() + " s of the flip (no repair from its peer while running)")
            .withProblemIf(aloneDelivered != total || fromRepaired.wrongContent != 0, "the repaired store alone "
                + "served " + aloneDelivered + " of " + total + " records (" + fromRepaired.wrongContent
                + " with wrong content), first missing " + alone.seen().nextClearBit(0))
            .withProblemIf(!deleted.isEmpty(), "intact segment files deleted: " + names(deleted))
            .withProblemIf(lostAtRestart != 0, "restarted with store.recovery.scan=all the repaired store reported "
                + lostAtRestart + " record(s) lost")
            .withProblemIf(!holdsAfterRestart, "after its restart the repaired store's files lack records");
    }

    private Figure withoutPeer(final TowerNode tower, final int total, final StoreDaemon damaged,
        final List<Path> before) throws Exception
    {
        final Path sealed = before.get(before.size() / 2 - 1);
        final long sealedSequence = SegmentFiles.flipMiddleFrame(sealed, FLIPPED_BYTES);
        final DeliveryAudit audit = new DeliveryAudit(total);
        final Late late = lateConsumer(tower, audit, SIGNAL_BOUND);
        final long missing = total - audit.seen().cardinality();
        final Set<Path> deleted = new HashSet<>(before);
        deleted.removeAll(SegmentFiles.segments(damaged.directory()));
        deleted.remove(sealed);
        final Figure figure = audit.figure(name(), Duration.ofMillis(late.millis));
        // With no copy left, a damaged range the consumer skipped and counted is the documented outcome: 'lost'
        // counts only the records that went missing without that signal.
        return new Figure(figure.scenario(), figure.sent(), figure.delivered(),
            Math.max(0, missing - late.skipped), figure.duplicated(),
            figure.reordered(), figure.converge(), String.format("segments=%d flipped: sealed %s (seq %d); last record "
                + "delivered=%s after %dms; missing=%d skipped (RECORDS_SKIPPED)=%d first missing=%d; intact "
                + "segments deleted=%d; wrong content=%d", before.size(), sealed.getFileName(), sealedSequence,
            late.lastSeen, late.millis, missing, late.skipped, audit.seen().nextClearBit(0), deleted.size(),
            late.wrongContent), null)
            .withProblemIf(!late.lastSeen, "the late consumer hung: no record after " + audit.seen().nextClearBit(0)
                + " within " + SIGNAL_BOUND.toSeconds() + " s (no skip, no error)")
            .withProblemIf(late.lastSeen && late.skipped != missing, missing + " records missing but "
                + late.skipped + " counted skipped")
            .withProblemIf(late.lastSeen && missing > 1, missing + " records missing for one damaged frame "
                + "(intact records around it not served)")
            .withProblemIf(late.wrongContent != 0, late.wrongContent + " records with wrong content")
            .withProblemIf(!deleted.isEmpty(), "intact segment files deleted: " + names(deleted));
    }

    /** A late earliest consumer drains into {@code audit} until every record or the last one, or the timeout. */
    private static Late lateConsumer(final TowerNode tower, final DeliveryAudit audit, final Duration timeout)
    {
        final long start = System.nanoTime();
        try (ConsumerNode late = ConsumerNode.start(Loopback.nodeConfig(tower, "consumer.offset.reset", "earliest")))
        {
            late.subscribe(TOPIC);
            final ContentDrain drain = new ContentDrain(audit, late);
            final boolean lastSeen = drain.drain(timeout, true);
            final long millis = (System.nanoTime() - start) / 1_000_000 - Drain.QUIET.toMillis();
            return new Late(lastSeen, millis, drain.wrongContent(), late.metrics().get(Metric.RECORDS_SKIPPED));
        }
    }

    /** What a late consumer saw: whether the last record came, how long it took, wrong content, skipped records. */
    private record Late(boolean lastSeen, long millis, long wrongContent, long skipped)
    {
    }

    /** Whether this build's configuration knows {@code KEY=VALUE} (the store side may not have it yet). */
    private static boolean known(final String setting)
    {
        final int equals = setting.indexOf('=');
        try
        {
            DafkaConfig.of(Map.of(setting.substring(0, equals), setting.substring(equals + 1)));
            return true;
        }
        catch (final DafkaConfigException unknown)
        {
            return false;
        }
    }

    private static List<String> names(final Set<Path> files)
    {
        return files.stream().map(file -> file.getFileName().toString()).sorted().toList();
    }
}
