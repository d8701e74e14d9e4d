package io.dafka.store;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.dafka.DafkaException;
import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetCommitAck;
import io.dafka.codec.OffsetFetch;
import io.dafka.codec.OffsetFetchAnswer;
import io.dafka.journal.OffsetsJournal;

/**
 * The committed offsets a store keeps for every consumer group (OFFSET-COMMIT, docs/groups.md): one entry per
 * (group, topic, partition) with the offset, the metadata, the generation it was committed under and when this
 * store stored it. A durable store keeps them in {@code <store>/offsets/} ({@link OffsetsJournal}: a commit is on
 * disk, one fsync, before it is acknowledged; a torn last write is ignored after a crash; a snapshot of the map
 * replaces the journal when it is full, so the files stay as large as the map). An in-memory store keeps them in
 * memory only. Writer thread only.
 *
 * <p>A commit is all or nothing. It is refused ("fenced") if, for one of its partitions, the store holds, from
 * less than {@code fenceWindowMillis} ago, a newer generation, or the same generation committed by another member
 * (a rival generation of the same number: two members led the group at once, see docs/groups.md). The member
 * that last committed each entry is kept in memory only: a restarted store fences only by number until the next
 * commit. A commit without a generation ({@link OffsetCommit#NO_GENERATION}, no group management) or without a
 * member id (the Admin's) is never fenced.
 */
final class GroupOffsets implements AutoCloseable
{
    /** One partition of one group. */
    record Key(String group, String topic, String partition)
    {
    }

    /** A committed offset as this store holds it. */
    record Stored(long offset, String metadata, long generation, long time)
    {
    }

    /** The answer to one commit: {@link OffsetCommitAck}'s status, the fencing generation, the reason. */
    record Outcome(int status, long generation, String reason)
    {
        static final Outcome OK = new Outcome(OffsetCommitAck.OK, 0, "");
    }

    private static final OffsetsJournal.Format<Key, Stored> FORMAT = new OffsetsJournal.Format<>()
    {
        @Override
        public int snapshotMagic()
        {
            return 0x44534F31; // "DSO1"
        }

        @Override
        public int journalMagic()
        {
            return 0x44534A31; // "DSJ1"
        }

        /** {@code group UTF | topic UTF | partition UTF | offset(8) | metadata length(4) + UTF-8 | generation(8) |
         * time(8)}. */
        @Override
        public void write(final DataOutput out, final Key key, final Stored value) throws IOException
        {
            out.writeUTF(key.group());
            out.writeUTF(key.topic());
            out.writeUTF(key.partition());
            out.writeLong(value.offset());
            final byte[] metadata = value.metadata().getBytes(StandardCharsets.UTF_8);
            out.writeInt(metadata.length);
            out.write(metadata);
            out.writeLong(value.generation());
            out.writeLong(value.time());
        }

        @Override
        public void read(final DataInput in, final Map<Key, Stored> into) throws IOException
        {
            final Key key = new Key(in.readUTF(), in.readUTF(), in.readUTF());
            final long offset = in.readLong();
            final byte[] metadata = new byte[in.readInt()];
            in.readFully(metadata);
            into.put(key, new Stored(offset, new String(metadata, StandardCharsets.UTF_8), in.readLong(),
                in.readLong()));
        }
    };

    private final Map<Key, Stored> offsets;
    /** Null for an in-memory store. */
    private final OffsetsJournal<Key, Stored> journal;
    private final long fenceWindowMillis;
    /** The member id of each entry's last commit, if it had one; in memory only. */
    private final Map<Key, String> committers = new HashMap<>();

    private GroupOffsets(final Map<Key, Stored> offsets, final OffsetsJournal<Key, Stored> journal,
        final long fenceWindowMillis)
    {
        this.offsets = offsets;
        this.journal = journal;
        this.fenceWindowMillis = fenceWindowMillis;
    }

    /** Offsets kept in memory only, for a store that keeps its records in memory. */
    static GroupOffsets inMemory(final long fenceWindowMillis)
    {
        return new GroupOffsets(new HashMap<>(), null, fenceWindowMillis);
    }

    /**
     * Opens (creating it if needed) the offsets kept in {@code directory} and reads them.
     *
     * @throws DafkaException naming the directory if it cannot be read or written
     */
    static GroupOffsets open(final Path directory, final OffsetsJournal.Sync sync, final long fenceWindowMillis)
    {
        final Map<Key, Stored> offsets = new HashMap<>();
        try
        {
            Files.createDirectories(directory);
            return new GroupOffsets(offsets, OffsetsJournal.open(FORMAT, directory, sync,
                OffsetsJournal.DEFAULT_CAPACITY, offsets), fenceWindowMillis);
        }
        catch (final IOException | RuntimeException e)
        {
            throw new DafkaException("cannot open the committed offsets in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Applies the whole commit, durably, or none of it; {@code now} stamps the entries (ms since the epoch). */
    Outcome commit(final OffsetCommit commit, final long now)
    {
        final Map<Key, Stored> changes = new HashMap<>();
        for (final OffsetCommit.Entry entry : commit.entries())
        {
            final Key key = new Key(commit.topic(), entry.subject(), entry.partition());
            final Stored held = offsets.get(key);
            final String fence = fence(key, held, commit, now);
            if (fence != null)
            {
                return new Outcome(OffsetCommitAck.FENCED, held.generation(), fence);
            }
            changes.put(key, new Stored(entry.offset(), entry.metadata(), commit.generation(), now));
        }
        if (journal != null)
        {
            try
            {
                journal.append(changes, offsets); // the map without the changes: the snapshot if the journal is full
            }
            catch (final IOException e)
            {
                return new Outcome(OffsetCommitAck.FAILED, 0, reason(e));
            }
        }
        offsets.putAll(changes);
        changes.keySet().forEach(key -> committers.put(key, commit.member()));
        return Outcome.OK;
    }

    /** The entries of {@code group} asked for (all of the group's if none is named), in no order. */
    List<OffsetFetchAnswer.Entry> fetch(final String group, final List<OffsetFetch.Partition> partitions)
    {
        final List<OffsetFetchAnswer.Entry> entries = new ArrayList<>();
        if (partitions.isEmpty())
        {
            offsets.forEach((key, stored) ->
            {
                if (key.group().equals(group))
                {
                    entries.add(entry(key, stored));
                }
            });
            return entries;
        }
        for (final OffsetFetch.Partition partition : partitions)
        {
            final Key key = new Key(group, partition.subject(), partition.partition());
            final Stored stored = offsets.get(key);
            if (stored != null)
            {
                entries.add(entry(key, stored));
            }
        }
        return entries;
    }

    @Override
    public void close()
    {
        if (journal != null)
        {
            try
            {
                journal.close();
            }
            catch (final IOException e)
            {
                throw new DafkaException("cannot close the committed offsets: " + e.getMessage(), e);
            }
        }
    }

    /** Why {@code held} refuses {@code commit} of {@code key} at {@code now}, or null if it does not. */
    private String fence(final Key key, final Stored held, final OffsetCommit commit, final long now)
    {
        if (held == null || commit.generation() == OffsetCommit.NO_GENERATION || now - held.time() >= fenceWindowMillis)
        {
            return null;
        }
        if (held.generation() > commit.generation())
        {
            return "fenced: generation " + held.generation() + " is newer";
        }
        final String committer = committers.get(key);
        if (held.generation() == commit.generation() && !commit.member().isEmpty() && committer != null &&
            !committer.isEmpty() && !committer.equals(commit.member()))
        {
            return "fenced: member " + committer + " committed it in generation " + held.generation();
        }
        return null;
    }

    private static OffsetFetchAnswer.Entry entry(final Key key, final Stored stored)
    {
        return new OffsetFetchAnswer.Entry(key.topic(), key.partition(), stored.offset(), stored.metadata(),
            stored.generation(), stored.time());
    }

    /** A reason that fits the answer's 255-byte {@code string}. */
    private static String reason(final IOException e)
    {
        final String text = "the store could not write the commit: " + (e.getMessage() == null ? e : e.getMessage());
        return text.length() > 80 ? text.substring(0, 80) : text; // at most 240 bytes of UTF-8
    }
}
