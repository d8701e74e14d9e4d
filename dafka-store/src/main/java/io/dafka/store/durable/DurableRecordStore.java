package io.dafka.store.durable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.DafkaException;
import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.store.RecordStore;

/**
 * A {@link RecordStore} on disk: per partition a segmented append-only log (frames with sequence, length and
 * CRC32C, a sparse index, reads streamed from the files), a Chronicle Map index of heads and sealed segments,
 * group commit, crash recovery and retention.
 * <pre>
 *   DIR/.lock                        held while open: one store process per directory
 *   DIR/index/heads.cm3, segments.cm3   the Chronicle Map index
 *   DIR/partitions/NAME/partition.meta  subject and partition address
 *   DIR/partitions/NAME/00000000000000000000.log ...   segments named by base sequence
 * </pre>
 * <ul>
 *   <li>{@link #flush()} writes each touched partition's staged frames and, with {@code store.fsync = batch}
 *       (default), fsyncs them before publishing: the store writer calls it before its ACKs, so an ACKed record
 *       survives a crash of the store process (and of the machine, if the device honours fsync). With
 *       {@code never} an ACK only means written to the OS.</li>
 *   <li>{@link #open} recovers the directory (see {@link LogRecovery}) and resumes every partition's head.</li>
 *   <li>Retention ({@code store.retention.ms}, {@code store.retention.bytes}) runs on its own thread every
 *       {@code store.retention.check_interval} ms and deletes whole old segments, never a partition's newest.</li>
 * </ul>
 * {@link #head}, {@link #first}, {@link #read} and {@link #forEachHead} show flushed records only: a reader never
 * serves a record that is not yet durable. Threads: as {@link RecordStore} says, one writer ({@link #append},
 * {@link #adopt}, {@link #flush}, {@link #close}) and any number of readers.
 */
public final class DurableRecordStore implements RecordStore
{
    private static final Logger LOG = LoggerFactory.getLogger(DurableRecordStore.class);
    private static final Clock WALL_CLOCK = System::currentTimeMillis;

    private final Path directory;
    private final Path partitionsDirectory;
    private final DirectoryLock lock;
    private final ChronicleIndex index;
    private final LogContext context;
    private final Retention retention;
    private final RecoveryReport recoveryReport;
    private final PartitionLogs partitionLogs = new PartitionLogs();
    private final WriteBatch batch;
    private final BackgroundThread retentionThread;
    private final BackgroundThread scrubThread;
    private final long repairTimeoutMillis;
    private final Scrub scrub;
    private final DamageQueue damage = new DamageQueue();
    private final AtomicLong corruptReads = new AtomicLong();
    private final AtomicLong deletedSegments = new AtomicLong();
    private volatile boolean closed;

    private DurableRecordStore(final Path directory, final DafkaConfig config, final Clock wallClock,
        final boolean retentionOnItsOwn, final DiskFaults faults) throws IOException
    {
        this.directory = directory;
        this.partitionsDirectory = directory.resolve("partitions");
        Files.createDirectories(partitionsDirectory);
        this.batch = new WriteBatch(directory);
        this.lock = DirectoryLock.acquire(directory);
        ChronicleIndex opened = null;
        try
        {
            opened = ChronicleIndex.open(directory.resolve("index"), config.get(DafkaConfig.STORE_INDEX_ENTRIES));
            this.index = opened;
            final boolean fsync = "batch".equals(config.get(DafkaConfig.STORE_FSYNC));
            this.context = new LogContext(config.get(DafkaConfig.STORE_SEGMENT_BYTES),
                config.get(DafkaConfig.STORE_SEGMENT_MS), fsync, wallClock, opened, this::onCorruptRead, faults,
                new OpenFiles(config.get(DafkaConfig.STORE_OPEN_FILES).intValue(), fsync, faults));
            this.retention = new Retention(config.get(DafkaConfig.STORE_RETENTION_MS),
                config.get(DafkaConfig.STORE_RETENTION_BYTES));
            final List<SegmentedLog> logs = new ArrayList<>();
            this.recoveryReport = LogRecovery.recover(partitionsDirectory, context,
                "all".equals(config.get(DafkaConfig.STORE_RECOVERY_SCAN)), logs);
            logs.forEach(partitionLogs::add);
        }
        catch (final IOException | RuntimeException e)
        {
            if (opened != null)
            {
                opened.close();
            }
            lock.release();
            throw e;
        }
        if (recoveryReport.repairedData())
        {
            LOG.warn("store {} recovered with repairs: {}", directory, recoveryReport);
        }
        else
        {
            LOG.info("store {} recovered: {}", directory, recoveryReport);
        }
        if (retentionOnItsOwn && retention.enabled())
        {
            retentionThread = new BackgroundThread("dafka-store-retention", "retention",
                config.get(DafkaConfig.STORE_RETENTION_CHECK_INTERVAL), this::enforceRetention);
        }
        else
        {
            retentionThread = null;
        }
        this.repairTimeoutMillis = config.get(DafkaConfig.STORE_REPAIR_TIMEOUT);
        this.scrub = new Scrub(config.get(DafkaConfig.STORE_SCRUB_RATE), this::onCorruptRead, () -> closed);
        final long scrubInterval = config.get(DafkaConfig.STORE_SCRUB_INTERVAL);
        if (retentionOnItsOwn && scrubInterval > 0)
        {
            scrubThread = new BackgroundThread("dafka-store-scrub", "scrub", scrubInterval, this::scrubPass);
        }
        else
        {
            scrubThread = null;
        }
    }

    /** Opens (recovering) or creates the store in {@code store.db}. */
    public static DurableRecordStore open(final DafkaConfig config)
    {
        return open(Path.of(config.get(DafkaConfig.STORE_DB)), config);
    }

    /**
     * Opens (recovering) or creates the store in {@code directory}; the {@code store.*} keys of {@code config}
     * apply ({@code store.db} is ignored).
     *
     * @throws DafkaException if another store holds the directory or it cannot be used
     */
    public static DurableRecordStore open(final Path directory, final DafkaConfig config)
    {
        return open(directory, config, WALL_CLOCK, true);
    }

    /**
     * As {@link #open(Path, DafkaConfig)} with a given wall clock; without its own retention thread if
     * {@code retentionOnItsOwn} is false (tests call {@link #enforceRetention()}).
     */
    static DurableRecordStore open(final Path directory, final DafkaConfig config, final Clock wallClock,
        final boolean retentionOnItsOwn)
    {
        return open(directory, config, wallClock, retentionOnItsOwn, DiskFaults.NONE);
    }

    /** As {@link #open(Path, DafkaConfig, Clock, boolean)} with segment writes and fsyncs going through {@code faults}. */
    static DurableRecordStore open(final Path directory, final DafkaConfig config, final Clock wallClock,
        final boolean retentionOnItsOwn, final DiskFaults faults)
    {
        Objects.requireNonNull(config, "config");
        try
        {
            return new DurableRecordStore(directory, config, wallClock, retentionOnItsOwn, faults);
        }
        catch (final IOException e)
        {
            throw new DafkaException("cannot open the store in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** What opening the directory found and repaired. */
    public RecoveryReport recoveryReport()
    {
        return recoveryReport;
    }

    /** The store directory. */
    public Path directory()
    {
        return directory;
    }

    @Override
    public long head(final String subject, final String partition)
    {
        final SegmentedLog log = find(subject, partition);
        return log == null || log.first() == NONE ? NONE : log.head();
    }

    @Override
    public long first(final String subject, final String partition)
    {
        final SegmentedLog log = find(subject, partition);
        return log == null ? NONE : log.first();
    }

    @Override
    public void append(final String subject, final String partition, final long sequence, final byte[] content)
    {
        Objects.requireNonNull(content, "content");
        SegmentedLog log = find(subject, partition);
        if (log == null)
        {
            if (sequence != 0)
            {
                throw new IllegalArgumentException(
                    "sequence " + sequence + " cannot start partition " + partition + " of " + subject);
            }
            log = create(subject, partition, 0);
        }
        appendTo(log, sequence, content);
    }

    @Override
    public void adopt(final String subject, final String partition, final long sequence, final byte[] content)
    {
        Objects.requireNonNull(content, "content");
        if (sequence < 0 || find(subject, partition) != null)
        {
            throw new IllegalArgumentException(
                "cannot adopt partition " + partition + " of " + subject + " at " + sequence);
        }
        appendTo(create(subject, partition, sequence), sequence, content);
    }

    /** Writes, fsyncs (policy {@code batch}) and publishes every partition appended to since the last flush. */
    @Override
    public void flush()
    {
        requireOpen();
        batch.flush(false);
    }

    @Override
    public int read(final String subject, final String partition, final long from, final int maxCount,
        final RecordVisitor visitor)
    {
        final SegmentedLog log = find(subject, partition);
        return log == null ? 0 : log.read(from, maxCount, visitor);
    }

    @Override
    public void forEachHead(final String subject, final HeadVisitor visitor)
    {
        requireOpen();
        partitionLogs.forEachHead(subject, visitor);
    }

    @Override
    public long resumeAt(final String subject, final String partition, final long from)
    {
        final SegmentedLog log = find(subject, partition);
        return log == null ? from : log.resumeAt(from, context.wallClock().millis(), repairTimeoutMillis);
    }

    @Override
    public void cutDamage(final DamageVisitor visitor)
    {
        if (!closed)
        {
            damage.cutAll(visitor);
        }
    }

    @Override
    public void forEachGap(final GapVisitor visitor)
    {
        requireOpen();
        partitionLogs.forEachGap(visitor);
    }

    @Override
    public boolean fill(final String subject, final String partition, final long sequence, final byte[] content)
    {
        final SegmentedLog log = find(subject, partition);
        if (log == null)
        {
            return false;
        }
        try
        {
            if (!log.fill(sequence, content))
            {
                return false;
            }
        }
        catch (final IOException e)
        {
            batch.touch(log); // rolled back with the rest of the batch
            throw batch.failed("cannot repair partition " + partition + " of '" + subject + "'", e, 0);
        }
        batch.touch(log);
        return true;
    }

    /**
     * Verifies every segment of every partition once (the newest up to its published end), at most
     * {@code store.scrub.rate} bytes per second (the scrub thread does this every {@code store.scrub.interval} ms);
     * damage found is cut out and fetched again like damage found by a read.
     *
     * @return segments found damaged
     */
    public int scrub()
    {
        return scrub.pass(partitionLogs.all());
    }

    /** Segments the scrub has verified since open. */
    public long scrubbedSegments()
    {
        return scrub.verified();
    }

    @Override
    public void forEachPartition(final PartitionVisitor visitor)
    {
        requireOpen();
        partitionLogs.forEachPartition(visitor);
    }

    /**
     * Deletes the segments retention selects in every partition now (the retention thread does this every
     * {@code store.retention.check_interval} ms).
     *
     * @return how many segments were deleted
     */
    public int enforceRetention()
    {
        if (!retention.enabled() || closed)
        {
            return 0;
        }
        int deleted = 0;
        final long now = context.wallClock().millis();
        for (final Map<String, SegmentedLog> logs : partitionLogs.bySubject())
        {
            for (final SegmentedLog log : logs.values())
            {
                deleted += retention.deleteFrom(log, now);
            }
        }
        deletedSegments.addAndGet(deleted);
        return deleted;
    }

    /** Corrupt frames found while serving reads (each ends what its segment serves until a restart repairs it). */
    public long corruptReads()
    {
        return corruptReads.get();
    }

    /** Segments deleted by retention since open. */
    public long deletedSegments()
    {
        return deletedSegments.get();
    }

    /** Appends and flushes that failed since open (each rolled back to the durable heads). */
    public long writeFailures()
    {
        return batch.writeFailures();
    }

    /** Flushes that published records since open. */
    public long flushes()
    {
        return batch.flushes();
    }

    /** Segment files open now: at most {@code store.open_files}, plus those being read or written at this instant. */
    public int openSegmentFiles()
    {
        return context.files().open();
    }

    /** Total bytes of a partition's segment files, or 0 if unknown. */
    public long bytes(final String subject, final String partition)
    {
        final SegmentedLog log = find(subject, partition);
        return log == null ? 0 : log.bytes();
    }

    /**
     * Flushes and fsyncs everything (whatever the policy), closes the files and the index and releases the
     * directory. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final BackgroundThread thread : new BackgroundThread[] {retentionThread, scrubThread})
        {
            if (thread != null)
            {
                thread.stop(); // lets a running pass finish
            }
        }
        try
        {
            batch.flush(true);
        }
        finally
        {
            try
            {
                partitionLogs.closeAll(!context.fsync());
                index.close();
            }
            finally
            {
                releaseLock();
            }
        }
        LOG.info("store {} closed", directory);
    }

    private void appendTo(final SegmentedLog log, final long sequence, final byte[] content)
    {
        requireOpen();
        batch.touch(log);
        try
        {
            log.append(sequence, content);
        }
        catch (final IOException e)
        {
            throw batch.failed("cannot append to partition " + log.partition() + " of '" + log.subject() + "'", e, 0);
        }
    }

    private SegmentedLog create(final String subject, final String partition, final long base)
    {
        requireOpen();
        try
        {
            final SegmentedLog log = SegmentedLog.create(partitionsDirectory, new PartitionMeta(subject, partition),
                base, context);
            partitionLogs.add(log);
            return log;
        }
        catch (final IOException e)
        {
            throw batch.failed("cannot create partition " + partition + " of '" + subject + "'", e, 0);
        }
    }

    private SegmentedLog find(final String subject, final String partition)
    {
        requireOpen();
        return partitionLogs.find(subject, partition);
    }

    private void onCorruptRead(final SegmentedLog log, final Segment segment)
    {
        corruptReads.incrementAndGet();
        IndexUpdates.run(log.name(), () -> index.removeSegment(log.name(), segment.base())); // rescanned at start
        LOG.error("partition {} of '{}': {}; the damaged records are cut out and fetched again from peers",
            log.partition(), log.subject(), segment.damage().reason());
        damage.report(log, segment);
    }

    private void scrubPass()
    {
        final int damaged = scrub();
        if (damaged > 0)
        {
            LOG.warn("scrub found {} damaged segment(s) in {}", damaged, directory);
        }
    }

    private void requireOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("record store is closed");
        }
    }

    private void releaseLock()
    {
        try
        {
            lock.release();
        }
        catch (final IOException e)
        {
            LOG.warn("cannot release the lock of {}", directory, e);
        }
    }
}
