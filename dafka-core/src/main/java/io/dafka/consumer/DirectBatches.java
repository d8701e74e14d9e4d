package io.dafka.consumer;

import java.util.function.Consumer;

import org.zeromq.ZMQ;

import io.dafka.codec.DirectBatch;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;

/**
 * The consumer's side of DIRECT-BATCH (docs/protocol-extensions.md): it subscribes to batches addressed to the
 * consumer, and unpacks what the engine does not deliver straight away (the records after the first one out of
 * order) into the DIRECT-RECORDs they stand for, in order, so that the engine applies to them exactly the
 * ordering, gap and duplicate rules of records received one by one. Engine thread only.
 */
final class DirectBatches
{
    private final DirectRecord record = new DirectRecord();

    /**
     * Subscribes {@code subscriber} to the batches addressed to {@code address}, unless a batch could exceed the
     * socket's largest accepted frame (then the consumer gets DIRECT-RECORDs only, as from C peers).
     */
    static void subscribe(final ZMQ.Socket subscriber, final String address, final long maxMessageSize)
    {
        if (DirectBatch.acceptedBy(maxMessageSize))
        {
            subscriber.subscribe(SubscriptionNotice.subscription(MessageType.DIRECT_BATCH, address));
        }
    }

    /**
     * Passes each record of {@code batch} from index {@code from} on to {@code onRecord}, as a DIRECT-RECORD with its
     * own copy of the content (the one copy a delivered record needs); the instance passed is reused for the next
     * record.
     */
    void unpack(final DirectBatch batch, final int from, final Consumer<DirectRecord> onRecord)
    {
        for (int i = from; i < batch.count(); i++)
        {
            onRecord.accept(record.set(batch.topic(), batch.address(), batch.subject(), batch.sequence(i),
                batch.content(i)));
        }
    }
}
