package io.dafka.store;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RecordStore} in the heap, for tests and for stores that need no durability: everything is lost on
 * close or exit, and {@link #flush()} does nothing. Safe for one appender per partition and any number of
 * concurrent readers. Each record costs its content array plus one reference.
 */
public final class InMemoryRecordStore implements RecordStore
{
    private final Map<String, Map<String, PartitionLog>> logsBySubject = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public long head(final String subject, final String partition)
    {
        final PartitionLog log = find(subject, partition);
        return log == null || log.first() == NONE ? NONE : log.head();
    }

    @Override
    public long first(final String subject, final String partition)
    {
        final PartitionLog log = find(subject, partition);
        return log == null ? NONE : log.first();
    }

    @Override
    public void append(final String subject, final String partition, final long sequence, final byte[] content)
    {
        Objects.requireNonNull(content, "content");
        PartitionLog log = find(subject, partition);
        if (log == null)
        {
            if (sequence != 0)
            {
                throw new IllegalArgumentException(
                    "sequence " + sequence + " cannot start partition " + partition + " of " + subject);
            }
            log = create(subject, partition, 0);
        }
        log.append(sequence, content);
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
        create(subject, partition, sequence).append(sequence, content);
    }

    @Override
    public void flush()
    {
        requireOpen();
    }

    @Override
    public int read(final String subject, final String partition, final long from, final int maxCount,
        final RecordVisitor visitor)
    {
        final PartitionLog log = find(subject, partition);
        return log == null ? 0 : log.read(from, maxCount, visitor);
    }

    @Override
    public void forEachHead(final String subject, final HeadVisitor visitor)
    {
        requireOpen();
        final Map<String, PartitionLog> logs = logsBySubject.get(subject);
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

    /** Drops every record. */
    @Override
    public void close()
    {
        closed = true;
        logsBySubject.clear();
    }

    private PartitionLog create(final String subject, final String partition, final long base)
    {
        return logsBySubject.computeIfAbsent(subject, any -> new ConcurrentHashMap<>())
            .computeIfAbsent(partition, any -> new PartitionLog(base));
    }

    private PartitionLog find(final String subject, final String partition)
    {
        requireOpen();
        final Map<String, PartitionLog> logs = logsBySubject.get(Objects.requireNonNull(subject, "subject"));
        return logs == null ? null : logs.get(Objects.requireNonNull(partition, "partition"));
    }

    private void requireOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("record store is closed");
        }
    }
}
