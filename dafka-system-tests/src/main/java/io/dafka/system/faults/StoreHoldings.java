package io.dafka.system.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.StoreHeads;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.transport.Sockets;

/**
 * What a running store holds, as its own STORE-HEADS summaries say: a SUB socket on the store reader subscribed
 * to 'S', as another store's writer would be. Each {@link #read} subscribes again, which makes the reader send a
 * full summary at once.
 */
final class StoreHoldings implements AutoCloseable
{
    private static final byte[] SUMMARIES = SubscriptionNotice.subscription(MessageType.STORE_HEADS, "");
    private static final int QUIET_MILLIS = 200;

    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket subscriber;
    private final MessageDecoder decoder = new MessageDecoder();

    StoreHoldings(final String readerEndpoint)
    {
        subscriber = Sockets.create(context, SocketType.SUB, 1 << 26);
        subscriber.subscribe(SUMMARIES);
        subscriber.connect(readerEndpoint);
    }

    /**
     * Asks for a summary and returns what arrived within {@code timeout}, by "subject/partition", as {first,
     * head}; empty if no summary came.
     */
    Map<String, long[]> read(final Duration timeout)
    {
        subscriber.unsubscribe(SUMMARIES);
        subscriber.subscribe(SUMMARIES);
        final Map<String, long[]> holdings = new HashMap<>();
        subscriber.setReceiveTimeOut((int)timeout.toMillis());
        for (byte[] frame = subscriber.recv(); frame != null; frame = subscriber.recv())
        {
            final DafkaMessage message = decoder.decode(frame);
            if (message instanceof StoreHeads heads)
            {
                for (int i = 0; i < heads.count(); i++)
                {
                    holdings.put(heads.subject(i) + "/" + heads.partition(i),
                        new long[] {heads.first(i), heads.head(i)});
                }
            }
            subscriber.setReceiveTimeOut(QUIET_MILLIS); // the rest of this summary follows at once
        }
        return holdings;
    }

    @Override
    public void close()
    {
        context.close();
    }
}
