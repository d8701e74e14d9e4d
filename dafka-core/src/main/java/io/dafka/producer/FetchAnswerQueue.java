package io.dafka.producer;

import java.util.ArrayDeque;

import io.dafka.codec.Fetch;
import io.dafka.transport.FetchAnswerSender;

/**
 * The producer's answers to FETCHes: each accepted FETCH is queued, then answered from the partition's
 * unacknowledged records, at most {@value #MAX_SERVED_PER_WORK} per {@link #serve} so that one large answer cannot
 * stall the agent's loop: as DIRECT-RECORDs, or DIRECT-BATCHes to a requester that subscribed to them
 * ({@link FetchAnswerSender}). Owned by the producer agent's thread.
 */
final class FetchAnswerQueue
{
    /** Records sent per doWork for pending FETCH answers, so one large answer cannot stall the loop. */
    private static final int MAX_SERVED_PER_WORK = 10_000;

    private final ArrayDeque<Answer> answers = new ArrayDeque<>();

    /** Queues the answer to {@code fetch} for {@code partition} (null if it is not ours), unless there is none. */
    void onFetch(final ProducerPartition partition, final Fetch fetch)
    {
        if (partition == null || partition.failure != null || fetch.count() == 0 || fetch.sequence() < 0)
        {
            return; // 2^63 and above is no real sequence
        }
        answers.add(new Answer(partition, fetch.address(), fetch.sequence(), fetch.count()));
    }

    /** Whether no answer is waiting to be sent. */
    boolean isEmpty()
    {
        return answers.isEmpty();
    }

    /** Sends the next records of the queued answers through {@code sender}; returns how many. */
    int serve(final FetchAnswerSender sender)
    {
        int served = 0;
        while (served < MAX_SERVED_PER_WORK && !answers.isEmpty())
        {
            final Answer answer = answers.peek();
            answer.skipAcknowledged();
            final byte[] content = answer.partition.unacked.content(answer.next);
            if (content == null || answer.remaining == 0)
            {
                answers.poll();
                continue;
            }
            sender.send(answer.requester, answer.partition.topic, answer.partition.address, answer.next, content);
            answer.next++;
            answer.remaining--;
            served++;
        }
        sender.flush();
        return served;
    }

    /** The rest of a FETCH answer still to send. */
    private static final class Answer
    {
        final ProducerPartition partition;
        final String requester;
        long next;
        long remaining;

        Answer(final ProducerPartition partition, final String requester, final long next, final long remaining)
        {
            this.partition = partition;
            this.requester = requester;
            this.next = next;
            this.remaining = remaining;
        }

        /**
         * Starts at the oldest unacknowledged record: those before it are acknowledged, so stores serve them, while
         * the rest of the range may be unacknowledged still (the requester is a store that fell behind the quorum,
         * or records were acknowledged while this answer waited), and only this producer has those.
         */
        void skipAcknowledged()
        {
            final long oldest = partition.unacked.firstSequence();
            if (oldest > next)
            {
                final long skipped = Math.min(remaining, oldest - next);
                next += skipped;
                remaining -= skipped;
            }
        }
    }
}
