package io.dafka.transport;

import java.util.HashSet;
import java.util.Set;

import org.zeromq.ZMQ;

import io.dafka.codec.DirectBatch;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;

/**
 * Sends the records that answer FETCHes on the answering peer's publisher: to a requester that subscribed to
 * DIRECT-BATCH ({@code 'X'} + its address) as batches of consecutive records of one partition, to any other
 * requester (every C peer) as one DIRECT-RECORD per record, exactly C's bytes. Who subscribed is learnt from the
 * publisher's subscription notices ({@link #onNotice}), read before the FETCHes they may concern. A FETCH that
 * arrives before its requester's {@code 'X'} subscription was noticed is answered with DIRECT-RECORDs, which that
 * requester receives as well, so no record depends on which of the two comes first.
 *
 * <p>Records are collected into a batch until it is full ({@link DirectBatch#MAX_FRAME_BYTES}), the next record
 * does not continue it (another requester, partition or sequence), or {@link #flush}; a record too long for any
 * batch goes as a DIRECT-RECORD. One per agent; agent thread only.
 */
public final class FetchAnswerSender
{
    private final ZMQ.Socket publisher;
    private final NodeMetrics metrics;
    /** Requesters whose subscription to DIRECT-BATCH the publisher reported (and did not report gone). */
    private final Set<String> batchRequesters = new HashSet<>();
    private final DirectRecord directRecord = new DirectRecord();
    private final DirectBatch batch = new DirectBatch();
    /** The sequence that would continue the open batch. */
    private long nextSequence;

    public FetchAnswerSender(final ZMQ.Socket publisher, final NodeMetrics metrics)
    {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Learns from a subscription notice of the publisher whether a requester takes batches.
     *
     * @return whether the notice was a (un)subscription to DIRECT-BATCH
     */
    public boolean onNotice(final byte[] notice)
    {
        if (SubscriptionNotice.isSubscribe(notice, MessageType.DIRECT_BATCH))
        {
            batchRequesters.add(SubscriptionNotice.topic(notice));
            return true;
        }
        if (SubscriptionNotice.isUnsubscribe(notice, MessageType.DIRECT_BATCH))
        {
            batchRequesters.remove(SubscriptionNotice.topic(notice));
            return true;
        }
        return false;
    }

    /** Whether {@code requester} is answered with batches. */
    public boolean takesBatches(final String requester)
    {
        return batchRequesters.contains(requester);
    }

    /** Sends (or collects into the open batch) one record answering a FETCH of {@code requester}. */
    public void send(final String requester, final String subject, final String partition, final long sequence,
        final byte[] content)
    {
        metrics.increment(Metric.RECORDS_SERVED);
        if (batch.count() > 0 && (sequence != nextSequence || !batch.fits(content.length) ||
            !requester.equals(batch.topic()) || !partition.equals(batch.address()) || !subject.equals(batch.subject())))
        {
            flush();
        }
        if (batch.count() == 0)
        {
            if (!takesBatches(requester) || !batch.set(requester, partition, subject, sequence).fits(content.length))
            {
                MessageChannel.send(publisher, directRecord.set(requester, partition, subject, sequence, content));
                return;
            }
        }
        batch.add(content);
        nextSequence = sequence + 1;
    }

    /** Sends the open batch, if any. Call it when a round of answers is done, before the agent idles. */
    public void flush()
    {
        if (batch.count() > 0)
        {
            MessageChannel.send(publisher, batch);
            metrics.increment(Metric.BATCHES_SENT);
            batch.set(batch.topic(), batch.address(), batch.subject(), nextSequence); // drops the record references
        }
    }
}
