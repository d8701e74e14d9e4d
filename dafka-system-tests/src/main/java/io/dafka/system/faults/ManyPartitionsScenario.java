package io.dafka.system.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.dafka.codec.Fetch;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.discovery.TowerNode;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.Loopback;
import io.dafka.testing.Received;
import io.dafka.testing.TestPeer;
import io.dafka.transport.Addresses;

/**
 * One {@code ./dafka store} daemon under {@code ulimit -n} holding far more partitions than it may open files: a
 * test peer publishes a few RECORDs to each of 10 000 partitions of one topic (1 000 under {@code ulimit -n 512}
 * in the quick run) and waits for the store's ACK of each partition's last record; the store is SIGKILLed and
 * started again under the same limit, and must recover every partition and answer the peer's FETCH of each with
 * every record and its content. Reports the store's open descriptors (most seen) and RSS.
 *
 * <p>Issue 14: a store kept one open file per partition, so 1 455 partitions could not restart under
 * {@code ulimit -n 1024}; {@code store.open_files} now bounds the segment files it holds open.
 */
public final class ManyPartitionsScenario implements Scenario
{
    private static final String TOPIC = "many-partitions";
    private static final int RECORDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * Added to {@link #WAIT} per partition for writing all and for fetching all: creating a partition costs the store
     * a few fsyncs (its directory, meta file and first segment), about 70 ms each on a loaded 2-core machine.
     */
    private static final Duration PER_PARTITION = Duration.ofMillis(100);
    private static final long RESEND_MILLIS = 2_000;
    /** Partitions written or fetched at a time. */
    private static final int WINDOW = 100;

    @Override
    public String name()
    {
        return "many-partitions";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final int partitions = scale.records(1_000, 10_000);
        final int fileLimit = scale.records(512, 1024);
        final String openFiles = "store.open_files=" + scale.records(64, 256);
        final List<String> addresses = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++)
        {
            addresses.add(Addresses.newAddress());
        }
        final long start = System.nanoTime();
        try (ScratchDirectory root = new ScratchDirectory("dafka-many-partitions");
             TowerNode tower = Loopback.startTower();
             StoreDaemon store = StoreDaemon.launchWithFileLimit(root.resolve("store"), tower, fileLimit, openFiles,
                 "store.index.entries=" + partitions * 4);
             TestPeer peer = new TestPeer(Loopback.nodeConfig(tower)))
        {
            store.awaitReady();
            final ProcessFigures written = new ProcessFigures(store.process());
            awaitWriter(peer);
            final Duration phase = WAIT.plus(PER_PARTITION.multipliedBy(partitions));
            final int acked = writeAll(peer, addresses, written, phase);
            final long ackedMillis = (System.nanoTime() - start) / 1_000_000;
            written.sample();
            store.kill();
            final long restart = System.nanoTime();
            store.launch();
            store.awaitReady();
            final long recoveredMillis = (System.nanoTime() - restart) / 1_000_000;
            final ProcessFigures served = new ProcessFigures(store.process());
            final Map<String, BitSet> received = fetchAll(peer, addresses, served, phase);
            final long servedMillis = (System.nanoTime() - restart) / 1_000_000 - recoveredMillis;
            served.sample();
            long delivered = 0;
            int complete = 0;
            for (final BitSet sequences : received.values())
            {
                delivered += sequences.cardinality();
                complete += sequences.cardinality() == RECORDS ? 1 : 0;
            }
            final long sent = (long)partitions * RECORDS;
            return new Figure(name(), sent, delivered, sent - delivered, 0, 0,
                Duration.ofMillis(recoveredMillis), "", null)
                .withDetail(String.format("%d partitions x %d records, ulimit -n %d, %s; " +
                        "acked partitions=%d in %d ms; restart after kill -9: %d ms, %d record(s) lost at start; " +
                        "fully served partitions=%d in %d ms; store before kill: %s; after restart and serving: %s",
                    partitions, RECORDS, fileLimit,
                    openFiles, acked, ackedMillis, recoveredMillis, store.recordsLostAtStart(), complete, servedMillis,
                    written, served))
                .withProblemIf(acked != partitions, (partitions - acked) + " partitions never fully acknowledged")
                .withProblemIf(!store.alive(), "the store died after its restart")
                .withProblemIf(served.maxDescriptors() >= fileLimit, "the store reached its descriptor limit");
        }
    }

    /** Sends RECORD 0 of a new probe partition every 200 ms until the store ACKs one: its writer hears the peer. */
    private static void awaitWriter(final TestPeer peer) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline)
        {
            final String probe = Addresses.newAddress();
            peer.send(new Record().set("many-partitions-probe", probe, "many-partitions-probe", 0, new byte[] {0}));
            for (Received next = peer.next(200); next != null; next = peer.next(200))
            {
                if (next.type() == MessageType.ACK && probe.equals(next.topic()))
                {
                    return;
                }
            }
        }
        throw new AssertionError("the store's writer did not ACK a record within " + WAIT);
    }

    /**
     * Publishes every record of every partition, {@link #WINDOW} partitions at a time (the test peer's SUB holds 1 000
     * messages: a bigger burst of ACKs would be dropped), waiting for the store's ACK of each partition's last record
     * before the next window, until {@code wait} is over; returns how many partitions were ACKed in full.
     */
    private static int writeAll(final TestPeer peer, final List<String> addresses, final ProcessFigures figures,
        final Duration wait) throws InterruptedException
    {
        int done = 0;
        final long deadline = System.nanoTime() + wait.toNanos();
        for (int from = 0; from < addresses.size() && System.nanoTime() < deadline; from += WINDOW)
        {
            final List<String> window = addresses.subList(from, Math.min(addresses.size(), from + WINDOW));
            for (long sequence = 0; sequence < RECORDS; sequence++)
            {
                for (final String address : window)
                {
                    peer.send(new Record().set(TOPIC, address, TOPIC, sequence, content(address, sequence)));
                }
            }
            final Set<String> waiting = new HashSet<>(window);
            while (!waiting.isEmpty() && System.nanoTime() < deadline)
            {
                final Received next = peer.next(100);
                figures.sampleEvery(1_000);
                if (next != null && next.type() == MessageType.ACK && TOPIC.equals(next.subject()) &&
                    next.sequence() == RECORDS - 1 && waiting.remove(next.topic()))
                {
                    done++;
                }
            }
        }
        return done;
    }

    /**
     * FETCHes every record of every partition from the store, {@link #WINDOW} partitions at a time (the test
     * peer's SUB holds 1 000 messages: a bigger burst of answers would be dropped), asking again every
     * {@link #RESEND_MILLIS} for those not complete yet, until all came or {@code wait} is over; returns the sequences
     * received with the right content.
     */
    private static Map<String, BitSet> fetchAll(final TestPeer peer, final List<String> addresses,
        final ProcessFigures figures, final Duration wait) throws InterruptedException
    {
        final Map<String, BitSet> received = new HashMap<>();
        addresses.forEach(address -> received.put(address, new BitSet()));
        final long deadline = System.nanoTime() + wait.toNanos();
        for (int from = 0; from < addresses.size() && System.nanoTime() < deadline; from += WINDOW)
        {
            final List<String> window = addresses.subList(from, Math.min(addresses.size(), from + WINDOW));
            final Set<String> inWindow = new HashSet<>(window);
            int complete = 0;
            long resendAt = 0;
            while (complete < window.size() && System.nanoTime() < deadline)
            {
                if (System.nanoTime() >= resendAt)
                {
                    for (final String address : window)
                    {
                        if (received.get(address).cardinality() < RECORDS)
                        {
                            peer.send(new Fetch().set(address, peer.address(), TOPIC, 0, RECORDS));
                        }
                    }
                    resendAt = System.nanoTime() + RESEND_MILLIS * 1_000_000;
                }
                final Received next = peer.next(100);
                figures.sampleEvery(1_000);
                if (next == null || next.type() != MessageType.DIRECT_RECORD || !TOPIC.equals(next.subject()))
                {
                    continue;
                }
                final BitSet sequences = received.get(next.address());
                if (sequences != null && next.sequence() < RECORDS && !sequences.get((int)next.sequence()) &&
                    Arrays.equals(next.content(), content(next.address(), next.sequence())))
                {
                    sequences.set((int)next.sequence());
                    complete += sequences.cardinality() == RECORDS && inWindow.contains(next.address()) ? 1 : 0;
                }
            }
        }
        return received;
    }

    private static byte[] content(final String address, final long sequence)
    {
        return (address + ":" + sequence).getBytes(StandardCharsets.UTF_8);
    }

    /** Open descriptors (the most seen) and RSS of a process, read from /proc. */
    private static final class ProcessFigures
    {
        private final long pid;
        private long maxDescriptors;
        private long descriptors;
        private long rssKb;
        private long sampledAt;

        ProcessFigures(final Process process)
        {
            this.pid = process.pid();
            sample();
        }

        void sampleEvery(final long millis)
        {
            if (System.nanoTime() - sampledAt >= millis * 1_000_000)
            {
                sample();
            }
        }

        void sample()
        {
            sampledAt = System.nanoTime();
            try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(pid), "fd")))
            {
                descriptors = open.count();
                maxDescriptors = Math.max(maxDescriptors, descriptors);
                for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")))
                {
                    if (line.startsWith("VmRSS:"))
                    {
                        rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            }
            catch (final IOException | RuntimeException gone)
            {
                // the process exited, or no /proc here: the figures stay as they were
            }
        }

        long maxDescriptors()
        {
            return maxDescriptors;
        }

        @Override
        public String toString()
        {
            return String.format("fds=%d (most %d) RSS=%d MB", descriptors, maxDescriptors, rssKb / 1024);
        }
    }
}
