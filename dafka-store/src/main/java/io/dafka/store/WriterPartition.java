package io.dafka.store;

import io.dafka.consumer.GapFetcher;

/**
 * What the store writer remembers about one partition: its head, its FETCH policy, whether to ACK it, and when
 * it first saw the partition without holding any of it (for mid-stream adoption).
 */
final class WriterPartition
{
    final String subject;
    final String partition;
    final GapFetcher fetcher = new GapFetcher();
    final long seenAt;
    long head;
    boolean touched;

    WriterPartition(final String subject, final String partition, final long head, final long seenAt)
    {
        this.subject = subject;
        this.partition = partition;
        this.head = head;
        this.seenAt = seenAt;
    }
}
