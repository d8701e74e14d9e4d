package io.dafka.store.durable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the intact records that follow damage in a segment: every run of valid frames after the first (see
 * {@link SegmentScan}) is copied into a segment file of its own, named by its first sequence, before the damaged
 * segment is cut after its first run. The copy is written to a temporary name, forced, renamed into place and
 * verified, so a crash at any point leaves either the old file (scanned and salvaged again at the next start) or a
 * complete copy. Between the runs the partition has a gap, which the store fetches from its peers.
 */
final class SegmentSalvage
{
    /** Suffix of a copy being written; recovery deletes leftovers. */
    static final String TEMPORARY_SUFFIX = ".salvage";

    private SegmentSalvage()
    {
    }

    /** Copies the runs after the first of {@code scan} and returns them as verified, readable segments. */
    static List<Segment> copyRuns(final Segment damaged, final SegmentScan scan, final Path directory,
        final LogContext context) throws IOException
    {
        final List<Segment> copies = new ArrayList<>();
        try
        {
            for (int i = 1; i < scan.runs().size(); i++)
            {
                copies.add(copy(damaged, scan.runs().get(i), directory, context));
            }
        }
        catch (final IOException e)
        {
            for (final Segment copy : copies)
            {
                copy.close();
            }
            throw e;
        }
        if (!copies.isEmpty())
        {
            Fsync.directory(directory);
        }
        return copies;
    }

    private static Segment copy(final Segment damaged, final SegmentScan.Run run, final Path directory,
        final LogContext context) throws IOException
    {
        final DiskFaults faults = context.faults();
        final Path target = directory.resolve(SegmentFile.name(run.first()));
        final Path temporary = directory.resolve(SegmentFile.name(run.first()) + TEMPORARY_SUFFIX);
        faults.check(DiskFaults.Operation.CREATE, target);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            final var header = RecordFrame.segmentHeader(run.first());
            while (header.hasRemaining())
            {
                channel.write(header);
            }
            damaged.copyRun(run, channel);
            faults.check(DiskFaults.Operation.FORCE, temporary);
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        final Segment copy = Segment.open(target, run.first(), context.files());
        final SegmentScan check = copy.scan();
        if (check.problem() != null || check.runs().get(0).last() != run.last())
        {
            copy.close();
            throw new IOException("the copy " + target + " of records " + run.first() + ".." + run.last() +
                " does not read back: " + check.problem());
        }
        return copy;
    }
}
