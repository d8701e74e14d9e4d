package io.dafka.store.durable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens every partition log of a store directory after any stop, clean or not, and repairs it: the log is the
 * source of truth, the index only saves work.
 * <ul>
 *   <li>Each partition's newest segment, and any sealed segment the index does not vouch for (no entry, or a size
 *       that differs), is scanned frame by frame; with {@code store.recovery.scan = all}, every segment is.</li>
 *   <li>Only damaged frames are cut out: a torn or corrupt frame ends the segment's first run of valid frames, the
 *       intact frames after it are moved to segments of their own ({@link SegmentSalvage}), and no later segment is
 *       deleted. The damaged records become a gap, which the running store fetches from its peers; a torn tail of
 *       the newest segment is simply cut.</li>
 *   <li>A partition left with no valid record is removed; index heads are set to what the log holds.</li>
 * </ul>
 */
final class LogRecovery
{
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    private final Path partitions;
    private final LogContext context;
    private final boolean scanAll;
    private final RecoveryReport.Counts counts = new RecoveryReport.Counts();

    private LogRecovery(final Path partitions, final LogContext context, final boolean scanAll)
    {
        this.partitions = partitions;
        this.context = context;
        this.scanAll = scanAll;
    }

    /** Recovers every partition under {@code partitions}; adds the logs to {@code logs} and returns the report. */
    static RecoveryReport recover(final Path partitions, final LogContext context, final boolean scanAll,
        final List<SegmentedLog> logs) throws IOException
    {
        final long start = System.nanoTime();
        final LogRecovery recovery = new LogRecovery(partitions, context, scanAll);
        final List<Path> directories;
        try (Stream<Path> listed = Files.list(partitions))
        {
            directories = listed.filter(Files::isDirectory).sorted().toList();
        }
        final Set<String> names = new HashSet<>();
        for (final Path directory : directories)
        {
            final SegmentedLog log = recovery.recoverPartition(directory);
            if (log != null)
            {
                logs.add(log);
                names.add(log.name());
            }
        }
        recovery.counts.indexEntriesRemoved = context.index().retainOnly(names);
        return recovery.counts.report((System.nanoTime() - start) / 1_000_000);
    }

    private SegmentedLog recoverPartition(final Path directory) throws IOException
    {
        final String name = directory.getFileName().toString();
        final TreeMap<Long, Path> files = segmentFiles(directory);
        final PartitionMeta meta = PartitionMeta.read(directory);
        if (meta == null)
        {
            if (holdsFrames(files))
            {
                counts.partitionsSkipped++;
                LOG.error("{}: cannot tell which partition it holds ({} is missing or damaged); left untouched and "
                    + "not served", directory, PartitionMeta.FILE_NAME);
                return null;
            }
            dropPartition(directory, "it was never completely created");
            return null;
        }
        final List<Segment> kept = new ArrayList<>();
        long expected = -1;
        for (Long base = files.isEmpty() ? null : files.firstKey(); base != null; base = files.higherKey(base))
        {
            if (expected >= 0 && base < expected)
            {
                LOG.warn("{}: deleting segment {}: it overlaps the records before it (up to {})", directory,
                    files.get(base).getFileName(), expected - 1);
                context.index().removeSegment(name, base);
                Files.delete(files.get(base));
                counts.segmentsDeleted++;
                continue;
            }
            final Segment segment = Segment.open(files.get(base), base, context.files());
            kept.add(segment);
            final Long next = files.higherKey(base);
            final SegmentInfo info = context.index().segment(name, base);
            if (next != null && !scanAll && info != null && info.bytes() == Files.size(files.get(base)) &&
                info.last() < next)
            {
                segment.trusted(info);
                counts.segmentsTrusted++;
            }
            else
            {
                counts.segmentsVerified++;
                final SegmentScan scan = segment.scan();
                if (scan.problem() != null)
                {
                    salvage(meta, directory, name, files, kept, segment, scan, info, next);
                }
                else if (next != null && info == null)
                {
                    context.index().putSegment(name, base, segment.info());
                }
            }
            expected = kept.get(kept.size() - 1).last() + 1;
        }
        final long head = kept.isEmpty() ? -1 : kept.get(kept.size() - 1).last();
        if (kept.isEmpty() || head < kept.get(0).base())
        {
            for (final Segment segment : kept)
            {
                segment.close();
            }
            reportLost(meta, name, head);
            dropPartition(directory, "it holds no valid record");
            return null;
        }
        reportLost(meta, name, head);
        counts.partitions++;
        return SegmentedLog.recovered(meta, directory, context, kept.toArray(new Segment[0]));
    }

    /**
     * Cuts only the damaged frames out of {@code segment}: the intact runs after them are copied to segments of their
     * own (added to {@code kept} and skipped in {@code files}), the segment is cut after its first run, and the
     * damaged records become a gap that the store fetches from its peers. Counts the records lost: for a sealed
     * segment those up to the last sequence the index recorded for it (or up to the next segment); for the newest,
     * {@link #reportLost} compares the heads.
     */
    private void salvage(final PartitionMeta meta, final Path directory, final String name,
        final TreeMap<Long, Path> files, final List<Segment> kept, final Segment segment, final SegmentScan scan,
        final SegmentInfo info, final Long next) throws IOException
    {
        final List<Segment> copies = SegmentSalvage.copyRuns(segment, scan, directory, context);
        final long sizeBefore = Files.size(segment.path());
        segment.cutAfterFirstRun(scan);
        context.index().removeSegment(name, segment.base());
        counts.segmentsTruncated++;
        final SegmentScan.Run first = scan.runs().get(0);
        long lost = 0;
        if (next != null)
        {
            final long upTo = info != null ? info.last() : next - 1;
            lost = Math.max(0, upTo - first.last() - scan.salvageable());
            counts.recordsLost += lost;
        }
        counts.bytesTruncated += Math.max(0, sizeBefore - first.end());
        LOG.warn("{}: {} in segment {}: kept records {}..{}, moved {} intact record(s) after the damage to {} new "
                + "segment(s){}", meta.key().replace('\0', '/'), scan.problem(), segment.path().getFileName(),
            first.first(), first.last(), scan.salvageable(), copies.size(),
            next != null ? ", " + lost + " record(s) lost here (fetched again from peers)" : "");
        for (final Segment copy : copies)
        {
            kept.add(copy);
            files.remove(copy.base()); // a leftover of an interrupted salvage was just replaced
            if (copy != copies.get(copies.size() - 1) || next != null)
            {
                context.index().putSegment(name, copy.base(), copy.info());
            }
        }
        if (next != null)
        {
            context.index().putSegment(name, segment.base(), segment.info());
        }
    }

    /** Compares the index head with the log's and corrects the index. */
    private void reportLost(final PartitionMeta meta, final String name, final long head)
    {
        final Long indexed = context.index().head(name);
        if (indexed != null && indexed != head)
        {
            counts.headsRepaired++;
            if (indexed > head)
            {
                counts.recordsLost += indexed - head;
                LOG.warn("{}: the index recorded head {}, the log holds up to {}: {} records lost (cut as torn or "
                    + "corrupt, or never reached the disk with store.fsync = never)", meta.key().replace('\0', '/'),
                    indexed, head, indexed - head);
            }
            else
            {
                LOG.info("{}: head {} (the index recorded {}: the store stopped before updating it)",
                    meta.key().replace('\0', '/'), head, indexed);
            }
        }
        if (head >= 0)
        {
            context.index().putHead(name, head);
        }
    }

    private void dropPartition(final Path directory, final String reason) throws IOException
    {
        LOG.warn("{}: removing the partition directory because {}", directory, reason);
        try (Stream<Path> all = Files.walk(directory))
        {
            for (final Path path : all.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
        counts.partitionsDropped++;
    }

    private static TreeMap<Long, Path> segmentFiles(final Path directory) throws IOException
    {
        final TreeMap<Long, Path> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(directory))
        {
            listed.forEach(path ->
            {
                if (path.getFileName().toString().endsWith(SegmentSalvage.TEMPORARY_SUFFIX))
                {
                    deleteLeftover(path);
                    return;
                }
                final long base = SegmentFile.baseOf(path.getFileName().toString());
                if (base >= 0)
                {
                    files.put(base, path);
                }
            });
        }
        return files;
    }

    private static void deleteLeftover(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
            LOG.info("{}: deleted the leftover of an interrupted salvage", path);
        }
        catch (final IOException e)
        {
            LOG.warn("{}: cannot delete the leftover of an interrupted salvage", path, e);
        }
    }

    private static boolean holdsFrames(final TreeMap<Long, Path> files) throws IOException
    {
        for (final Path file : files.values())
        {
            if (Files.size(file) > RecordFrame.SEGMENT_HEADER)
            {
                return true;
            }
        }
        return false;
    }
}
