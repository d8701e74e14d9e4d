package io.dafka.store;

/**
 * Where a store keeps records: per (subject, partition), a gap-free sequence of records starting at 0, or at a
 * later sequence when the store adopted the partition mid-stream ({@link #adopt}) or retention deleted the
 * oldest records ({@link #first}).
 *
 * <p>Threading: one thread appends and flushes (the store writer); other threads (the store reader) call
 * {@link #head}, {@link #read} and {@link #forEachHead} concurrently and see every record up to the head they
 * observe. Appends to one partition must not race each other.
 */
public interface RecordStore extends AutoCloseable
{
    /** The head of a partition that holds no record. */
    long NONE = -1;

    /** The last stored sequence of {@code partition} in {@code subject}, or {@link #NONE}. */
    long head(String subject, String partition);

    /**
     * The first sequence a partition still holds: 0, unless the partition was adopted mid-stream or retention
     * deleted its oldest records; {@link #NONE} if it holds no record.
     */
    long first(String subject, String partition);

    /**
     * Appends one record. The store may keep {@code content} as is: the caller must not modify it afterwards.
     *
     * @throws IllegalArgumentException if {@code sequence} is not {@code head(subject, partition) + 1} (0 for a new
     *                                  partition)
     * @throws StoreWriteException      if the record could not be written; every append since the last flush is
     *                                  then forgotten
     */
    void append(String subject, String partition, long sequence, byte[] content);

    /**
     * Starts a partition the store has never held with its record {@code sequence}, which may be above 0: the store
     * adopts the partition mid-stream (docs/protocol.md#mid-stream-adoption) and never holds the records before it.
     *
     * @throws IllegalArgumentException if the store already knows the partition, or {@code sequence} is negative
     * @throws StoreWriteException      as {@link #append}
     */
    void adopt(String subject, String partition, long sequence, byte[] content);

    /**
     * Makes every appended record durable. The writer calls it at the end of each batch, before its ACKs.
     *
     * @throws StoreWriteException if that failed: the store then forgets what was not made durable, so every
     *                             {@link #head} is the last durable sequence (appends resume after it)
     */
    void flush();

    /**
     * Visits consecutive records of a partition from {@code from} on, at most {@code maxCount}, in order.
     * Visits nothing if {@code from} is not stored (callers start at {@link #first} to skip deleted records).
     *
     * @return how many records were visited
     */
    int read(String subject, String partition, long from, int maxCount, RecordVisitor visitor);

    /**
     * Visits the head of every partition of exactly {@code subject} (never of {@code subject2}) that holds a
     * record.
     */
    void forEachHead(String subject, HeadVisitor visitor);

    /**
     * Where an answer to a FETCH from {@code from} goes on: {@link #first} if {@code from} is before it (records
     * deleted by retention or never held), past a damaged range that no peer could send for
     * {@code store.repair.timeout}, otherwise {@code from}.
     */
    default long resumeAt(final String subject, final String partition, final long from)
    {
        final long first = first(subject, partition);
        return first > from ? first : from;
    }

    /**
     * Cuts the damaged records that reads or the scrub found out of the store, so that they become gaps (writer
     * thread, between batches), and tells {@code visitor} of each partition cut. A store that never finds damage
     * does nothing.
     */
    default void cutDamage(final DamageVisitor visitor)
    {
    }

    /** Visits every gap: records below a partition's head that the store lacks (cut as damaged). */
    default void forEachGap(final GapVisitor visitor)
    {
    }

    /**
     * Stores record {@code sequence} into a gap of the partition if it is the next record that gap lacks (writer
     * thread); it is durable after the next {@link #flush}.
     *
     * @return false if {@code sequence} is not missing there
     * @throws StoreWriteException as {@link #append}
     */
    default boolean fill(final String subject, final String partition, final long sequence, final byte[] content)
    {
        return false;
    }

    /**
     * Visits every partition of every subject that holds a record, with its first and last sequence, for the
     * store's STORE-HEADS summaries. The order is unspecified; partitions appended concurrently may be missed.
     */
    void forEachPartition(PartitionVisitor visitor);

    /** Releases the store; later calls fail. */
    @Override
    void close();

    /** Receives records from {@link #read}. The content must not be modified. */
    @FunctionalInterface
    interface RecordVisitor
    {
        void onRecord(long sequence, byte[] content);
    }

    /** Hears of a partition whose damaged records were cut out by {@link #cutDamage}. */
    @FunctionalInterface
    interface DamageVisitor
    {
        /**
         * @param head the partition's head now (lower than before if the damage ended the newest records)
         * @param lost records this store no longer holds
         */
        void onCut(String subject, String partition, long head, long lost);
    }

    /** Receives gaps from {@link #forEachGap}. */
    @FunctionalInterface
    interface GapVisitor
    {
        /** Records {@code from} to {@code to} (inclusive) are missing. */
        void onGap(String subject, String partition, long from, long to);
    }

    /** Receives partitions from {@link #forEachPartition}. */
    @FunctionalInterface
    interface PartitionVisitor
    {
        void onPartition(String subject, String partition, long first, long head);
    }

    /** Receives partition heads from {@link #forEachHead}. */
    @FunctionalInterface
    interface HeadVisitor
    {
        void onHead(String partition, long head);
    }
}
