package io.dafka.store.durable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.store.RecordStore;

/**
 * The partition logs of a store by subject and partition address: added by recovery and by the writer (a new
 * partition), read by any thread. Only logs that hold a published record show in the visits.
 */
final class PartitionLogs
{
    /** The store's logger, as before these logs had a class of their own. */
    private static final Logger LOG = LoggerFactory.getLogger(DurableRecordStore.class);

    private final Map<String, Map<String, SegmentedLog>> logsBySubject = new ConcurrentHashMap<>();

    /** Adds {@code log} under its subject and partition. */
    void add(final SegmentedLog log)
    {
        logsBySubject.computeIfAbsent(log.subject(), any -> new ConcurrentHashMap<>()).put(log.partition(), log);
    }

    /** The log of a partition, or null. */
    SegmentedLog find(final String subject, final String partition)
    {
        final Map<String, SegmentedLog> logs = logsBySubject.get(Objects.requireNonNull(subject, "subject"));
        return logs == null ? null : logs.get(Objects.requireNonNull(partition, "partition"));
    }

    /** The logs of each subject, by partition (live views). */
    Collection<Map<String, SegmentedLog>> bySubject()
    {
        return logsBySubject.values();
    }

    /** Every log (a snapshot). */
    List<SegmentedLog> all()
    {
        final List<SegmentedLog> logs = new ArrayList<>();
        logsBySubject.values().forEach(partitions -> logs.addAll(partitions.values()));
        return logs;
    }

    /** Visits the head of every partition of {@code subject} that holds a record. */
    void forEachHead(final String subject, final RecordStore.HeadVisitor visitor)
    {
        final Map<String, SegmentedLog> logs = logsBySubject.get(subject);
        if (logs == null)
        {
            return;
        }
        logs.forEach((partition, log) ->
        {
            if (log.first() != RecordStore.NONE)
            {
                visitor.onHead(partition, log.head());
            }
        });
    }

    /** Visits every gap of every log. */
    void forEachGap(final RecordStore.GapVisitor visitor)
    {
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

    /** Visits the first and head sequences of every partition that holds a record. */
    void forEachPartition(final RecordStore.PartitionVisitor visitor)
    {
        logsBySubject.forEach((subject, logs) -> logs.forEach((partition, log) ->
        {
            final long first = log.first();
            if (first != RecordStore.NONE)
            {
                visitor.onPartition(subject, partition, first, log.head());
            }
        }));
    }

    /** Closes every log (forcing it first if {@code force}), logging failures, and forgets them all. */
    void closeAll(final boolean force)
    {
        for (final Map<String, SegmentedLog> logs : logsBySubject.values())
        {
            for (final SegmentedLog log : logs.values())
            {
                closeQuietly(log, force);
            }
        }
        logsBySubject.clear();
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
}
