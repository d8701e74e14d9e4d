package io.dafka.store.durable;

/**
 * What opening a store directory found and repaired. The log is the source of truth; each repair is also logged.
 *
 * @param partitions          partitions recovered
 * @param segmentsVerified    segments whose every frame was checked (the newest of each partition, any the index
 *                            did not vouch for, all with {@code store.recovery.scan = all})
 * @param segmentsTrusted     sealed segments opened as the index recorded them (verified when first read)
 * @param segmentsTruncated   segments cut after their first run of valid frames (torn write, corrupt frame); the
 *                            intact frames after the damage were moved to segments of their own
 * @param bytesTruncated      bytes cut from them
 * @param segmentsDeleted     segments deleted because they overlapped the records before them (never an intact
 *                            segment)
 * @param recordsLost         records damaged beyond repair here (now gaps, fetched again from peers) plus those the
 *                            index knew of beyond the log's head
 * @param partitionsDropped   partition directories removed because they held no valid record
 * @param partitionsSkipped   directories left alone because they could not be identified (damaged meta file)
 * @param headsRepaired       index heads that disagreed with the log and were corrected
 * @param indexEntriesRemoved index entries of partitions that are gone
 * @param millis              time taken
 */
public record RecoveryReport(int partitions, int segmentsVerified, int segmentsTrusted, int segmentsTruncated,
                             long bytesTruncated, int segmentsDeleted, long recordsLost, int partitionsDropped,
                             int partitionsSkipped, int headsRepaired, int indexEntriesRemoved, long millis)
{
    /** Whether anything had to be cut or dropped. */
    public boolean repairedData()
    {
        return segmentsTruncated > 0 || segmentsDeleted > 0 || partitionsDropped > 0 || partitionsSkipped > 0;
    }

    /** Counts while recovery runs. */
    static final class Counts
    {
        int partitions;
        int segmentsVerified;
        int segmentsTrusted;
        int segmentsTruncated;
        long bytesTruncated;
        int segmentsDeleted;
        long recordsLost;
        int partitionsDropped;
        int partitionsSkipped;
        int headsRepaired;
        int indexEntriesRemoved;

        RecoveryReport report(final long millis)
        {
            return new RecoveryReport(partitions, segmentsVerified, segmentsTrusted, segmentsTruncated,
                bytesTruncated, segmentsDeleted, recordsLost, partitionsDropped, partitionsSkipped, headsRepaired,
                indexEntriesRemoved, millis);
        }
    }
}
