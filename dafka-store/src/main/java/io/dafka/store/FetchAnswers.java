package io.dafka.store;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FETCH answers still to send, served a bounded number of records at a time and round-robin, so that one
 * 100 000-record answer neither blocks the reader's loop nor starves the other requesters.
 *
 * <p>An answer is at most {@code count} records starting at the requested sequence. If that sequence is above the
 * partition's head, or the partition is unknown, nothing is sent (as in C). If it is below the first record the
 * store still holds (deleted by retention, or before the sequence where the store adopted the partition), the
 * answer starts at that first record instead: C sends nothing there (docs/protocol.md#fetch-answers,
 * #mid-stream-adoption), which would leave a store that adopts mid-stream unable to copy a retained partition from
 * its peers. Likewise an answer that reaches records the store cut out as damaged stops there while the store
 * fetches them from its peers, and goes on after them once that failed for {@code store.repair.timeout} ({@link
 * RecordStore#resumeAt}). Unlike C it never sends {@code count + 1} records (docs/protocol.md#fetch-answers). An
 * answer whose file cannot be read (an I/O error, no file descriptor left) ends there; the requester asks again.
 * Agent thread only.
 */
final class FetchAnswers
{
    private static final Logger LOG = LoggerFactory.getLogger(FetchAnswers.class);

    /** Sends one record of an answer. */
    @FunctionalInterface
    interface Sender
    {
        void send(String requester, String subject, String partition, long sequence, byte[] content);
    }

    private final RecordStore store;
    private final Sender sender;
    private final int capacity;
    private final ArrayDeque<Answer> pending = new ArrayDeque<>();
    private final Forwarder forwarder;

    /**
     * @param capacity most answers waiting at once; later FETCHes are dropped until some complete
     */
    FetchAnswers(final RecordStore store, final Sender sender, final int capacity)
    {
        this.store = store;
        this.sender = sender;
        this.capacity = capacity;
        this.forwarder = new Forwarder(sender);
    }

    /**
     * Queues an answer of at most {@code count} records of {@code partition} from {@code from} on.
     *
     * @return false if the queue is full and the request was dropped
     */
    boolean add(final String requester, final String subject, final String partition, final long from,
        final long count)
    {
        if (count <= 0)
        {
            return true;
        }
        if (pending.size() >= capacity)
        {
            return false;
        }
        pending.addLast(new Answer(requester, subject, partition, from, count));
        return true;
    }

    /** Sends up to {@code budget} records, taking turns between answers; returns how many were sent. */
    int serve(final int budget)
    {
        int sent = 0;
        while (sent < budget && !pending.isEmpty())
        {
            final Answer answer = pending.pollFirst();
            final long resume = store.resumeAt(answer.subject, answer.partition, answer.next);
            if (resume > answer.next)
            {
                answer.next = resume; // deleted by retention, never held, or damaged and unobtainable from peers
            }
            final int wanted = (int)Math.min(budget - sent, answer.remaining);
            forwarder.answer = answer;
            final int read;
            try
            {
                read = store.read(answer.subject, answer.partition, answer.next, wanted, forwarder);
            }
            catch (final UncheckedIOException e)
            {
                LOG.warn("FETCH of partition {} of '{}' from {} not answered: {}", answer.partition, answer.subject,
                    answer.next, e.getCause().getMessage());
                continue;
            }
            sent += read;
            answer.next += read;
            answer.remaining -= read;
            if (read == wanted && answer.remaining > 0)
            {
                pending.addLast(answer);
            }
        }
        return sent;
    }

    /** Answers not yet completely sent. */
    int pendingCount()
    {
        return pending.size();
    }

    /** One answer in progress. */
    private static final class Answer
    {
        final String requester;
        final String subject;
        final String partition;
        long next;
        long remaining;

        Answer(final String requester, final String subject, final String partition, final long next,
            final long remaining)
        {
            this.requester = requester;
            this.subject = subject;
            this.partition = partition;
            this.next = next;
            this.remaining = remaining;
        }
    }

    /** Forwards the records of the current answer to the sender, without allocating per record. */
    private static final class Forwarder implements RecordStore.RecordVisitor
    {
        private final Sender sender;
        private Answer answer;

        Forwarder(final Sender sender)
        {
            this.sender = sender;
        }

        @Override
        public void onRecord(final long sequence, final byte[] content)
        {
            sender.send(answer.requester, answer.subject, answer.partition, sequence, content);
        }
    }
}
