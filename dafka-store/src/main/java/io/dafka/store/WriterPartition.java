package io.dafka.store;

import io.dafka.consumer.GapFetcher;

/** What the store writer remembers about one partition: its head, its FETCH policy, whether to ACK it. */
final class WriterPartition
{
    final String subject;
    final String partition;
    final GapFetcher fetcher = new GapFetcher();
    long head;
    boolean touched;

    WriterPartition(final String subject, final String partition, final long head)
    {
        this.subject = subject;
        this.partition = partition;
        this.head = head;
    }
}
