package io.dafka.kafka;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import io.dafka.journal.OffsetsJournal;

/**
 * The offsets a consumer group committed on this host, in {@code <dir>/<group.id>/} (files described in
 * {@link OffsetsJournal}; entries {@code topic UTF | address UTF | offset(8) | metadata UTF}), keyed by topic and partition address (never by the Kafka partition int). A commit
 * returns once a write that includes it is on disk (one {@code fdatasync}), so a returned commit survives
 * {@code kill -9} and a power cut. Commits are grouped: while one caller writes, the commits that arrive meanwhile
 * wait, and the first of them then writes them all with one write and one sync. The group directory is locked while
 * open: a second consumer of the same group on the same host fails at once.
 */
final class CommittedOffsets implements AutoCloseable
{
    /** A committed position and the application's metadata string. */
    record Committed(long offset, String metadata)
    {
    }

    /** One partition: topic and Dafka partition address. */
    record Key(String topic, String partition)
    {
    }

    /** The layout of the files (version 1 of the offsets file, unchanged since it left this class). */
    private static final OffsetsJournal.Format<Key, Committed> FORMAT = new OffsetsJournal.Format<>()
    {
        @Override
        public int snapshotMagic()
        {
            return 0x444B4F31; // "DKO1"
        }

        @Override
        public int journalMagic()
        {
            return 0x444B4A31; // "DKJ1"
        }

        /** {@code topic UTF | address UTF | offset(8) | metadata UTF}. */
        @Override
        public void write(final DataOutput out, final Key key, final Committed value) throws IOException
        {
            out.writeUTF(key.topic());
            out.writeUTF(key.partition());
            out.writeLong(value.offset());
            out.writeUTF(value.metadata() == null ? "" : value.metadata());
        }

        @Override
        public void read(final DataInput in, final Map<Key, Committed> into) throws IOException
        {
            into.put(new Key(in.readUTF(), in.readUTF()), new Committed(in.readLong(), in.readUTF()));
        }
    };

    /** Commits that share one write; done when that write finished, failed if it did not reach the disk. */
    private static final class Batch
    {
        private final Map<Key, Committed> commits = new HashMap<>();
        private boolean done;
        private IOException failure;
    }

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final OffsetsJournal<Key, Committed> journal;
    private final Map<Key, Committed> offsets;
    private Batch collecting = new Batch();
    private boolean writing;

    private CommittedOffsets(final Path directory, final FileChannel lockChannel, final FileLock lock,
        final OffsetsJournal<Key, Committed> journal, final Map<Key, Committed> offsets)
    {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.journal = journal;
        this.offsets = offsets;
    }

    /**
     * Opens (creating if needed) and locks the store of {@code groupId} under {@code directory}.
     *
     * @throws IllegalStateException if another consumer of this group holds it
     */
    static CommittedOffsets open(final Path directory, final String groupId)
    {
        return open(directory, groupId, OffsetsJournal.FORCE, OffsetsJournal.DEFAULT_CAPACITY);
    }

    /** {@link #open(Path, String)} with the disk sync and the journal size given (tests). */
    static CommittedOffsets open(final Path directory, final String groupId, final OffsetsJournal.Sync sync,
        final int journalBytes)
    {
        try
        {
            final Path groupDir = directory.resolve(safeName(groupId));
            Files.createDirectories(groupDir);
            final FileChannel channel = FileChannel.open(groupDir.resolve("lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException heldInThisJvm)
            {
                channel.close();
                throw inUse(groupId, groupDir);
            }
            if (lock == null)
            {
                channel.close();
                throw inUse(groupId, groupDir);
            }
            final Map<Key, Committed> offsets = new HashMap<>();
            final OffsetsJournal<Key, Committed> journal;
            try
            {
                journal = OffsetsJournal.open(FORMAT, groupDir, sync, journalBytes, offsets);
            }
            catch (final IOException | RuntimeException e)
            {
                lock.release();
                channel.close();
                throw e;
            }
            return new CommittedOffsets(groupDir, channel, lock, journal, offsets);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot open the committed offsets of group " + groupId, e);
        }
    }

    synchronized Committed get(final String topic, final String partition)
    {
        return offsets.get(new Key(topic, partition));
    }

    synchronized Map<Key, Committed> all()
    {
        return Collections.unmodifiableMap(new HashMap<>(offsets));
    }

    /**
     * Merges {@code commits} into the store and makes them durable before returning: either this caller writes the
     * commits gathered so far, or it waits for the write that includes its own.
     *
     * @throws UncheckedIOException if the write that included these commits failed
     */
    void commit(final Map<Key, Committed> commits)
    {
        final Batch batch;
        final Map<Key, Committed> before;
        synchronized (this)
        {
            batch = collecting;
            batch.commits.putAll(commits);
            awaitWriterOrDone(batch);
            if (batch.done)
            {
                throwIfFailed(batch);
                return;
            }
            writing = true; // this caller writes the batch; later commits gather in the next one
            collecting = new Batch();
            before = new HashMap<>(offsets);
        }
        IOException failure = null;
        try
        {
            journal.append(batch.commits, before);
        }
        catch (final IOException e)
        {
            failure = e;
        }
        synchronized (this)
        {
            if (failure == null)
            {
                offsets.putAll(batch.commits);
            }
            batch.failure = failure;
            batch.done = true;
            writing = false;
            notifyAll();
        }
        throwIfFailed(batch);
    }

    /** Commits gathered while another caller writes (tests). */
    synchronized int waitingCommits()
    {
        return writing ? collecting.commits.size() : 0;
    }

    @Override
    public synchronized void close()
    {
        awaitNoWriter();
        try
        {
            journal.close();
            lock.release();
            lockChannel.close();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (not interruptibly: the write takes a disk sync) until no one writes or the batch was written. */
    private void awaitWriterOrDone(final Batch batch)
    {
        boolean interrupted = false;
        while (writing && !batch.done)
        {
            try
            {
                wait();
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

    private void awaitNoWriter()
    {
        awaitWriterOrDone(new Batch());
    }

    private void throwIfFailed(final Batch batch)
    {
        if (batch.failure != null)
        {
            throw new UncheckedIOException("cannot write the committed offsets in " + directory, batch.failure);
        }
    }

    private static IllegalStateException inUse(final String groupId, final Path groupDir)
    {
        return new IllegalStateException("group.id '" + groupId + "' is in use by another consumer on this host (" +
            groupDir + " is locked); Dafka has no group coordinator, each consumer receives every record");
    }

    /** A file-name-safe form of a group id; distinct ids stay distinct. */
    private static String safeName(final String groupId)
    {
        final StringBuilder name = new StringBuilder();
        for (final char c : groupId.toCharArray())
        {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')
            {
                name.append(c);
            }
            else
            {
                name.append('%').append(String.format("%04x", (int)c));
            }
        }
        return name.length() == 0 || name.toString().startsWith(".") ? "%" + name : name.toString();
    }
}
