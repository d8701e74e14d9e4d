package io.dafka.store.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.DafkaException;
import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.store.RecordStore;
import io.dafka.store.StoreWriteException;

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
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ChronicleIndex index;
    private final LogContext context;
    private final Retention retention;
    private final RecoveryReport recoveryReport;
    private final Map<String, Map<String, SegmentedLog>> logsBySubject = new ConcurrentHashMap<>();
    private final List<SegmentedLog> touched = new ArrayList<>();
    private final ScheduledExecutorService retentionThread;
    private final ScheduledExecutorService scrubThread;
    private final long repairTimeoutMillis;
    private final Scrub scrub;
    private final DamageQueue damage = new DamageQueue();
    private final AtomicLong corruptReads = new AtomicLong();
    private final AtomicLong deletedSegments = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private volatile boolean closed;

    private DurableRecordStore(final Path directory, final DafkaConfig config, final Clock wallClock,
        final boolean retentionOnItsOwn, final DiskFaults faults) throws IOException
    {
        this.directory = directory;
        this.partitionsDirectory = directory.resolve("partitions");
        Files.createDirectories(partitionsDirectory);
        this.lockChannel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        this.lock = tryLock(lockChannel, directory);
        ChronicleIndex opened = null;
        try
        {
            opened = ChronicleIndex.open(directory.resolve("index"), config.get(DafkaConfig.STORE_INDEX_ENTRIES));
            this.index = opened;
            this.context = new LogContext(config.get(DafkaConfig.STORE_SEGMENT_BYTES),
                config.get(DafkaConfig.STORE_SEGMENT_MS), "batch".equals(config.get(DafkaConfig.STORE_FSYNC)),
                wallClock, opened, this::onCorruptRead, faults);
            this.retention = new Retention(config.get(DafkaConfig.STORE_RETENTION_MS),
                config.get(DafkaConfig.STORE_RETENTION_BYTES));
            final List<SegmentedLog> logs = new ArrayList<>();
            this.recoveryReport = LogRecovery.recover(partitionsDirectory, context,
                "all".equals(config.get(DafkaConfig.STORE_RECOVERY_SCAN)), logs);
            for (final SegmentedLog log : logs)
            {
                logsBySubject.computeIfAbsent(log.subject(), any -> new ConcurrentHashMap<>())
                    .put(log.partition(), log);
            }
        }
        catch (final IOException | RuntimeException e)
        {
            if (opened != null)
            {
                opened.close();
            }
            lock.release();
            lockChannel.close();
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
            final long interval = config.get(DafkaConfig.STORE_RETENTION_CHECK_INTERVAL);
            retentionThread = Executors.newSingleThreadScheduledExecutor(task ->
            {
                final Thread thread = new Thread(task, "dafka-store-retention");
                thread.setDaemon(true);
                return thread;
            });
            retentionThread.scheduleWithFixedDelay(this::retentionPass, interval, interval, TimeUnit.MILLISECONDS);
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
            scrubThread = Executors.newSingleThreadScheduledExecutor(task ->
            {
                final Thread thread = new Thread(task, "dafka-store-scrub");
                thread.setDaemon(true);
                return thread;
            });
            scrubThread.scheduleWithFixedDelay(this::scrubPass, scrubInterval, scrubInterval, TimeUnit.MILLISECONDS);
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
        flushTouched(false);
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
        final Map<String, SegmentedLog> logs = logsBySubject.get(subject);
        if (logs == null)
        {
            return;
        }
        logs.forEach((partition, log) ->
        {
            if (log.first() != NONE)
            {
                visitor.onHead(partition, log.head());
            }
        });
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
        for (final Map<String, SegmentedLog> logs : logsBySubject.values())
        {
            for (final SegmentedLog log : logs.values())
            {
                final long[] gaps = log.gaps();
                for (int i = 0; i < gaps.length; i += 2)
                {
                    visitor.onGap(log.subject(), log.partition(), gaps[i], gaps[i + 1]);
                }
            }
        }
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
            if (log.markTouched())
            {
                touched.add(log); // rolled back with the rest of the batch
            }
            throw writeFailed("cannot repair partition " + partition + " of '" + subject + "'", e, 0);
        }
        if (log.markTouched())
        {
            touched.add(log);
        }
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
        final List<SegmentedLog> logs = new ArrayList<>();
        logsBySubject.values().forEach(partitions -> logs.addAll(partitions.values()));
        return scrub.pass(logs);
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
        logsBySubject.forEach((subject, logs) -> logs.forEach((partition, log) ->
        {
            final long first = log.first();
            if (first != NONE)
            {
                visitor.onPartition(subject, partition, first, log.head());
            }
        }));
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
        for (final Map<String, SegmentedLog> logs : logsBySubject.values())
        {
            for (final SegmentedLog log : logs.values())
            {
                final int count = retention.deletable(log.segments(), log.head(), now);
                if (count > 0)
                {
                    try
                    {
                        final List<Segment> removed = log.deleteOldest(count);
                        deleted += removed.size();
                        if (!removed.isEmpty())
                        {
                            LOG.info("retention deleted {} segment(s) of partition {} of '{}': now from sequence {}",
                                removed.size(), log.partition(), log.subject(), log.first());
                        }
                    }
                    catch (final IOException e)
                    {
                        LOG.warn("retention could not delete a segment of {}", log.name(), e);
                    }
                }
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
        return writeFailures.get();
    }

    /** Flushes that published records since open. */
    public long flushes()
    {
        return flushes.get();
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
        for (final ScheduledExecutorService thread : new ScheduledExecutorService[] {retentionThread, scrubThread})
        {
            if (thread != null)
            {
                thread.shutdown(); // no interrupt: it would close the channels of a running pass
                awaitUninterruptibly(thread);
            }
        }
        try
        {
            flushTouched(true);
        }
        finally
        {
            try
            {
                for (final Map<String, SegmentedLog> logs : logsBySubject.values())
                {
                    for (final SegmentedLog log : logs.values())
                    {
                        closeQuietly(log, !context.fsync());
                    }
                }
                logsBySubject.clear();
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
        if (log.markTouched())
        {
            touched.add(log);
        }
        try
        {
            log.append(sequence, content);
        }
        catch (final IOException e)
        {
            throw writeFailed("cannot append to partition " + log.partition() + " of '" + log.subject() + "'", e, 0);
        }
    }

    private void flushTouched(final boolean force)
    {
        boolean published = false;
        for (int i = 0; i < touched.size(); i++)
        {
            final SegmentedLog log = touched.get(i);
            try
            {
                published |= log.flush(force);
            }
            catch (final IOException e)
            {
                throw writeFailed("cannot flush partition " + log.partition() + " of '" + log.subject() + "'", e, i);
            }
        }
        touched.clear();
        if (published)
        {
            flushes.incrementAndGet();
        }
    }

    /**
     * Rolls back every touched log from {@code from} on (those before it were flushed) to its durable head, so the
     * store holds exactly what is durable, and describes the failure.
     */
    private StoreWriteException writeFailed(final String what, final IOException cause, final int from)
    {
        writeFailures.incrementAndGet();
        for (int i = from; i < touched.size(); i++)
        {
            final SegmentedLog log = touched.get(i);
            try
            {
                log.rollback();
            }
            catch (final IOException e)
            {
                cause.addSuppressed(e);
            }
        }
        touched.clear();
        return new StoreWriteException(what + " in " + directory + ": " + cause.getMessage(), cause);
    }

    private SegmentedLog create(final String subject, final String partition, final long base)
    {
        requireOpen();
        try
        {
            final SegmentedLog log = SegmentedLog.create(partitionsDirectory, new PartitionMeta(subject, partition),
                base, context);
            logsBySubject.computeIfAbsent(subject, any -> new ConcurrentHashMap<>()).put(partition, log);
            return log;
        }
        catch (final IOException e)
        {
            throw writeFailed("cannot create partition " + partition + " of '" + subject + "'", e, 0);
        }
    }

    private SegmentedLog find(final String subject, final String partition)
    {
        requireOpen();
        final Map<String, SegmentedLog> logs = logsBySubject.get(Objects.requireNonNull(subject, "subject"));
        return logs == null ? null : logs.get(Objects.requireNonNull(partition, "partition"));
    }

    private void onCorruptRead(final SegmentedLog log, final Segment segment)
    {
        corruptReads.incrementAndGet();
        IndexUpdates.run(log.name(), () -> index.removeSegment(log.name(), segment.base())); // rescanned at start
        LOG.error("partition {} of '{}': {}; the damaged records are cut out and fetched again from peers",
            log.partition(), log.subject(), segment.corruption());
        damage.report(log, segment);
    }

    private void scrubPass()
    {
        try
        {
            final int damaged = scrub();
            if (damaged > 0)
            {
                LOG.warn("scrub found {} damaged segment(s) in {}", damaged, directory);
            }
        }
        catch (final RuntimeException e)
        {
            LOG.warn("scrub pass failed", e);
        }
    }


    private void retentionPass()
    {
        try
        {
            enforceRetention();
        }
        catch (final RuntimeException e)
        {
            LOG.warn("retention pass failed", e);
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
            lockChannel.close();
        }
        catch (final IOException e)
        {
            LOG.warn("cannot release the lock of {}", directory, e);
        }
    }

    private static void closeQuietly(final SegmentedLog log, final boolean force)
    {
        try
        {
            if (force)
            {
                log.forceAll();
            }
            log.close();
        }
        catch (final IOException e)
        {
            LOG.warn("cannot close {}", log.name(), e);
        }
    }

    private static void awaitUninterruptibly(final ScheduledExecutorService executor)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                if (executor.awaitTermination(1, TimeUnit.MINUTES))
                {
                    break;
                }
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static FileLock tryLock(final FileChannel channel, final Path directory) throws IOException
    {
        FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException e)
        {
            lock = null;
        }
        if (lock == null)
        {
            channel.close();
            throw new DafkaException("store directory " + directory + " is in use by another store");
        }
        return lock;
    }
}
