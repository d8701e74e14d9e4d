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
 *   <li>A torn or corrupt frame ends the partition: the segment is truncated after the last valid frame and later
 *       segments are deleted (a log never has holes); the store then fetches the rest again from its peers.</li>
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
        final List<Long> bases = new ArrayList<>(files.keySet());
        long expected = -1;
        for (int i = 0; i < bases.size(); i++)
        {
            final long base = bases.get(i);
            if (expected >= 0 && base != expected)
            {
                deleteFrom(directory, name, files, bases, i, "segment " + base + " does not follow sequence " +
                    (expected - 1));
                break;
            }
            final Segment segment = Segment.open(files.get(base), base);
            kept.add(segment);
            final boolean newest = i == bases.size() - 1;
            final SegmentInfo info = context.index().segment(name, base);
            if (!newest && !scanAll && info != null && info.bytes() == Files.size(files.get(base)) &&
                info.last() == bases.get(i + 1) - 1)
            {
                segment.trusted(info);
                counts.segmentsTrusted++;
            }
            else
            {
                counts.segmentsVerified++;
                final Segment.ScanResult scan = segment.scanAndTruncate();
                if (scan.problem() != null)
                {
                    counts.segmentsTruncated++;
                    counts.bytesTruncated += scan.droppedBytes();
                    LOG.warn("{}: {} after sequence {}: truncated {} bytes from segment {}", meta.key().replace('\0',
                        '/'), scan.problem(), scan.last(), scan.droppedBytes(), segment.path());
                    context.index().removeSegment(name, base);
                    if (!newest)
                    {
                        deleteFrom(directory, name, files, bases, i + 1, "they follow a truncated segment");
                        break;
                    }
                }
                else if (!newest && info == null)
                {
                    context.index().putSegment(name, base, segment.info());
                }
            }
            expected = segment.last() + 1;
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

    private void deleteFrom(final Path directory, final String name, final TreeMap<Long, Path> files,
        final List<Long> bases, final int from, final String reason) throws IOException
    {
        for (int i = from; i < bases.size(); i++)
        {
            LOG.warn("{}: deleting segment {} because {}", directory, files.get(bases.get(i)).getFileName(), reason);
            context.index().removeSegment(name, bases.get(i));
            Files.delete(files.get(bases.get(i)));
            counts.segmentsDeleted++;
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
                final long base = Segment.baseOf(path.getFileName().toString());
                if (base >= 0)
                {
                    files.put(base, path);
                }
            });
        }
        return files;
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
