package io.dafka.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.DropReason;
import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.codec.SubscriptionNotice;

/**
 * Sends and receives Dafka messages as ZeroMQ multipart messages. Receiving never throws on bad input:
 * malformed messages (bad header, missing or extra frames) are drained, logged at debug and counted in
 * {@link Metric#MALFORMED_DROPPED}. One per agent; not thread-safe.
 */
public final class MessageChannel
{
    private static final Logger LOG = LoggerFactory.getLogger(MessageChannel.class);

    private final MessageDecoder decoder = new MessageDecoder();
    private final NodeMetrics metrics;

    public MessageChannel(final NodeMetrics metrics)
    {
        this.metrics = metrics;
    }

    /**
     * The next well-formed message waiting on {@code socket}, or {@code null} if none is waiting. The returned
     * instance is reused by the next call.
     */
    public DafkaMessage receive(final ZMQ.Socket socket)
    {
        while (true)
        {
            final byte[] header = socket.recv(ZMQ.DONTWAIT);
            if (header == null)
            {
                return null;
            }
            final DafkaMessage message = decoder.decode(header);
            if (message == null)
            {
                drainRest(socket);
                dropped(decoder.lastDropReason());
                continue;
            }
            if (message.type().hasContent())
            {
                final byte[] content = socket.hasReceiveMore() ? socket.recv(ZMQ.DONTWAIT) : null;
                if (content == null)
                {
                    dropped(DropReason.BAD_FRAME_COUNT);
                    continue;
                }
                if (message.type() == MessageType.RECORD)
                {
                    ((Record)message).content(content);
                }
                else
                {
                    ((DirectRecord)message).content(content);
                }
            }
            if (socket.hasReceiveMore())
            {
                drainRest(socket);
                dropped(DropReason.BAD_FRAME_COUNT);
                continue;
            }
            metrics.increment(Metric.MESSAGES_RECEIVED);
            return message;
        }
    }

    /**
     * The next subscription notification waiting on an XPUB socket ({@code 0x01|0x00 + bytes}), or {@code null}
     * if none is waiting. Anything else a peer sends upstream (multipart messages, other first bytes, empty
     * frames) is dropped and counted.
     */
    public byte[] receiveNotice(final ZMQ.Socket xpub)
    {
        while (true)
        {
            final byte[] notice = xpub.recv(ZMQ.DONTWAIT);
            if (notice == null)
            {
                return null;
            }
            if (xpub.hasReceiveMore())
            {
                drainRest(xpub);
                dropped(DropReason.NOT_A_NOTIFICATION);
            }
            else if (!SubscriptionNotice.isNotice(notice))
            {
                dropped(DropReason.NOT_A_NOTIFICATION);
            }
            else
            {
                return notice;
            }
        }
    }

    /**
     * Drains what peers sent upstream to a data XPUB that has no use for subscription notices (a producer's or a
     * store writer's): notices are discarded, anything else is dropped and counted. Such sockets are XPUBs, not
     * PUBs, because JeroMQ 0.6.0's PUB keeps every upstream message that is not a subscription in memory forever
     * (it cannot be read), so a peer sending junk would grow the heap without bound.
     *
     * @return the notices drained
     */
    public int drainNotices(final ZMQ.Socket xpub)
    {
        int drained = 0;
        while (receiveNotice(xpub) != null)
        {
            drained++;
        }
        return drained;
    }

    /** Counts a message dropped for a reason found outside the codec, e.g. a type the socket never expects. */
    public void dropped(final DropReason reason)
    {
        metrics.increment(Metric.MALFORMED_DROPPED);
        LOG.debug("dropped malformed message: {}", reason);
    }

    /** Publishes {@code message}: the header frame, plus the content frame for (DIRECT-)RECORD. */
    public static void send(final ZMQ.Socket socket, final DafkaMessage message)
    {
        final byte[] header = message.encode();
        if (message instanceof Record record)
        {
            socket.sendMore(header);
            socket.send(record.content(), 0);
        }
        else if (message instanceof DirectRecord record)
        {
            socket.sendMore(header);
            socket.send(record.content(), 0);
        }
        else
        {
            socket.send(header, 0);
        }
    }

    private static void drainRest(final ZMQ.Socket socket)
    {
        while (socket.hasReceiveMore())
        {
            socket.recv(ZMQ.DONTWAIT);
        }
    }
}
