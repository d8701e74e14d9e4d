package io.dafka.store.durable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * The store's durable index, two Chronicle Maps (memory-mapped files, no fsync): partition heads (C kept them as
 * LevelDB head keys) and the table of sealed segments (last sequence, size, newest timestamp), which lets a store
 * reopen sealed segments without scanning them. The log stays the source of truth: recovery compares the index
 * with the log and repairs it, and an index that cannot be opened or written is rebuilt from the log.
 *
 * <p>After an unclean stop an existing file is opened with {@code recoverPersistedTo} (Chronicle Map 2026.1 has no
 * {@code createOrRecoverPersistedTo}): a plain open can dead-lock on a segment lock the dead process held
 * (docs/dependencies.md#chronicle-map). A marker file written by {@link #close()} tells a clean stop, after which a
 * plain open is safe (and Chronicle does not warn). Thread-safe.
 */
final class ChronicleIndex implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleIndex.class);
    private static final String HEADS_FILE = "heads.cm3";
    private static final String SEGMENTS_FILE = "segments.cm3";
    private static final String CLEAN_FILE = "closed-cleanly";
    private static final String SAMPLE_PARTITION = "some_topic.0123456789ABCDEF0123456789ABCDEF.0a1b2c3d";
    private static final double MAX_BLOAT_FACTOR = 4.0;

    static
    {
        // Before any Chronicle class initialises: no analytics call home, no banner (java -jar cannot pass -D).
        defaultProperty("chronicle.analytics.disable", "true");
        defaultProperty("chronicle.announcer.disable", "true");
    }

    private final Path directory;
    private final ChronicleMap<String, Long> heads;
    private final ChronicleMap<String, byte[]> segments;
    private volatile boolean degraded;

    private ChronicleIndex(final Path directory, final ChronicleMap<String, Long> heads,
        final ChronicleMap<String, byte[]> segments)
    {
        this.directory = directory;
        this.heads = heads;
        this.segments = segments;
    }

    /**
     * Opens (recovering) or creates the index in {@code directory}, sized for {@code entries} partitions and as
     * many segments. An index that cannot be opened within 30 s plus 1 s per 100 000 entries is deleted and
     * created empty: recovery then scans every segment.
     */
    static ChronicleIndex open(final Path directory, final long entries) throws IOException
    {
        return open(directory, entries, TimeUnit.SECONDS.toMillis(30 + entries / 100_000));
    }

    /**
     * As {@link #open(Path, long)} with a time limit: Chronicle Map waits, sleeping, for a map file whose header is
     * incomplete (another process may be creating it), e.g. after a crash during creation.
     */
    static ChronicleIndex open(final Path directory, final long entries, final long timeoutMillis)
        throws IOException
    {
        Files.createDirectories(directory);
        warmUp();
        final Path clean = directory.resolve(CLEAN_FILE);
        final boolean closedCleanly = Files.exists(clean);
        Files.deleteIfExists(clean); // from now on a stop is unclean until close() says otherwise
        final FutureTask<ChronicleIndex> opening = new FutureTask<>(() -> create(directory, entries, closedCleanly));
        final Thread opener = new Thread(opening, "dafka-index-open");
        opener.setDaemon(true);
        opener.start();
        try
        {
            return opening.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException | TimeoutException damaged)
        {
            opener.interrupt(); // our own thread: Chronicle's wait ends with an exception
            awaitEnd(opener);
            LOG.warn("index in {} cannot be opened ({}); rebuilding it from the log", directory,
                damaged instanceof ExecutionException ? damaged.getCause().toString() : "no answer in " +
                    timeoutMillis + " ms");
            deleteFiles(directory);
            return create(directory, entries, false);
        }
        catch (final InterruptedException e)
        {
            opener.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the index in " + directory, e);
        }
    }

    private static void awaitEnd(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static ChronicleIndex create(final Path directory, final long entries, final boolean closedCleanly)
        throws IOException
    {
        final ChronicleMap<String, Long> heads = openOrCreate(headsMap(entries), file(directory, HEADS_FILE),
            closedCleanly);
        try
        {
            final ChronicleMap<String, byte[]> segments = openOrCreate(segmentsMap(entries),
                file(directory, SEGMENTS_FILE), closedCleanly);
            return new ChronicleIndex(directory, heads, segments);
        }
        catch (final RuntimeException | IOException e)
        {
            heads.close();
            throw e;
        }
    }

    private static ChronicleMapBuilder<String, Long> headsMap(final long entries)
    {
        return ChronicleMap.of(String.class, Long.class)
            .name("dafka-heads")
            .entries(entries)
            .averageKey(SAMPLE_PARTITION)
            .maxBloatFactor(MAX_BLOAT_FACTOR);
    }

    private static ChronicleMapBuilder<String, byte[]> segmentsMap(final long entries)
    {
        return ChronicleMap.of(String.class, byte[].class)
            .name("dafka-segments")
            .entries(entries)
            .averageKey(segmentKey(SAMPLE_PARTITION, 1_000_000L))
            .constantValueSizeBySample(new byte[SegmentInfo.SIZE])
            .maxBloatFactor(MAX_BLOAT_FACTOR);
    }

    /**
     * Loads and initialises Chronicle Map (its first use generates and compiles classes) with two small maps in
     * memory, so that the time limit of {@link #open} measures the files, not this one-time start-up cost, which
     * on a loaded machine can exceed it and get a healthy index rebuilt.
     */
    private static void warmUp()
    {
        try (ChronicleMap<String, Long> heads = headsMap(1).create();
            ChronicleMap<String, byte[]> segments = segmentsMap(1).create())
        {
            heads.put(SAMPLE_PARTITION, 0L);
            segments.put(segmentKey(SAMPLE_PARTITION, 0), new byte[SegmentInfo.SIZE]);
        }
    }

    /**
     * Creates a map file, opens it after a clean stop, or recovers it after an unclean one (then its configuration
     * is read from the file: changing {@code store.index.entries} applies to a new index).
     */
    private static <K, V> ChronicleMap<K, V> openOrCreate(final ChronicleMapBuilder<K, V> builder, final File file,
        final boolean closedCleanly) throws IOException
    {
        return !file.exists() || closedCleanly ? builder.createPersistedTo(file) :
            builder.recoverPersistedTo(file, false);
    }

    /** The recorded head of a partition directory, or null. */
    Long head(final String partition)
    {
        return guard(() -> heads.get(partition), null);
    }

    void putHead(final String partition, final long head)
    {
        guard(() -> heads.put(partition, head), null);
    }

    /** The recorded sealed segment of {@code partition} at {@code base}, or null. */
    SegmentInfo segment(final String partition, final long base)
    {
        final byte[] bytes = guard(() -> segments.get(segmentKey(partition, base)), null);
        return bytes == null || bytes.length != SegmentInfo.SIZE ? null : SegmentInfo.fromBytes(bytes);
    }

    void putSegment(final String partition, final long base, final SegmentInfo info)
    {
        guard(() -> segments.put(segmentKey(partition, base), info.toBytes()), null);
    }

    void removeSegment(final String partition, final long base)
    {
        guard(() -> segments.remove(segmentKey(partition, base)), null);
    }

    /** Every partition directory with a recorded head. */
    List<String> partitions()
    {
        return guard(() -> new ArrayList<>(heads.keySet()), List.of());
    }

    /** Removes the head and every segment of partition directories not in {@code keep}; returns how many. */
    int retainOnly(final java.util.Set<String> keep)
    {
        return guard(() ->
        {
            int removed = 0;
            for (final String partition : new ArrayList<>(heads.keySet()))
            {
                if (!keep.contains(partition))
                {
                    heads.remove(partition);
                    removed++;
                }
            }
            for (final String key : new ArrayList<>(segments.keySet()))
            {
                if (!keep.contains(key.substring(0, Math.max(0, key.lastIndexOf('@')))))
                {
                    segments.remove(key);
                    removed++;
                }
            }
            return removed;
        }, 0);
    }

    /** Whether an index operation failed (e.g. more entries than it was sized for): it is rebuilt at next open. */
    boolean degraded()
    {
        return degraded;
    }

    /** Closes the maps; a degraded index is deleted so that the next open rebuilds it from the log. */
    @Override
    public void close()
    {
        try
        {
            heads.close();
        }
        finally
        {
            segments.close();
        }
        try
        {
            if (degraded)
            {
                deleteFiles(directory);
            }
            else
            {
                Files.createFile(directory.resolve(CLEAN_FILE));
            }
        }
        catch (final IOException e)
        {
            LOG.warn("cannot finish closing the index in {} (it will be recovered or rebuilt)", directory, e);
        }
    }

    private <T> T guard(final java.util.function.Supplier<T> operation, final T fallback)
    {
        try
        {
            return operation.get();
        }
        catch (final RuntimeException e)
        {
            if (!degraded)
            {
                degraded = true;
                LOG.warn("index operation failed; the log stays authoritative and the index will be rebuilt at "
                    + "the next start (raise store.index.entries if it is full)", e);
            }
            return fallback;
        }
    }

    private static String segmentKey(final String partition, final long base)
    {
        return partition + '@' + base;
    }

    private static File file(final Path directory, final String name)
    {
        return directory.resolve(name).toFile();
    }

    private static void deleteFiles(final Path directory) throws IOException
    {
        Files.deleteIfExists(directory.resolve(HEADS_FILE));
        Files.deleteIfExists(directory.resolve(SEGMENTS_FILE));
    }

    private static void defaultProperty(final String key, final String value)
    {
        if (System.getProperty(key) == null)
        {
            System.setProperty(key, value);
        }
    }
}
