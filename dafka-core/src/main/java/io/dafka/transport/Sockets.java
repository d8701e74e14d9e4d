package io.dafka.transport;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import zmq.Msg;
import zmq.msg.MsgAllocator;

/**
 * Creates sockets that survive hostile peers. JeroMQ 0.6.0 hands a frame size with the top bit set to the
 * message allocator as a negative number, and {@code new byte[negative]} kills the socket's I/O thread
 * (jeromq #1005). Every socket gets an allocator that turns such a size into an empty frame (which the codec
 * then drops and counts), a maximum frame size (sizes above it close the offending connection), linger 0 and a
 * bounded handshake.
 *
 * <p>SUB sockets get an unlimited send HWM. The only thing a SUB sends is subscriptions, and ZeroMQ
 * (libzmq and JeroMQ alike: {@code XSub.xsend} via {@code Dist}, and {@code XSub.xattachPipe} replaying every
 * subscription to a newly connected peer) silently drops a subscription that meets a full send pipe. With the
 * default HWM of 1 000, a producer of 1 000 topics (two subscriptions per partition) or a consumer of 1 000
 * topics lost every subscription past the first 1 000 toward each peer, forever: ACKs or records of those
 * partitions were filtered out at the peer's PUB. The queue this leaves unbounded holds only the subscription
 * changes the node itself makes, per peer. The tower's XSUB keeps the default: it forwards a few beacon
 * subscriptions, and whatever remote clients subscribe, which must not grow a queue without bound.
 */
public final class Sockets
{
    /**
     * JeroMQ 0.6.0 sometimes completes TCP but never starts the ZMTP handshake on a new connection; the default
     * 30 s handshake timeout would silence that peer for 30 s. A short one drops the connection and reconnects.
     */
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 3000;
    private static final MsgAllocator GUARDED_ALLOCATOR = size -> size < 0 ? new Msg(0) : new Msg(size);

    private Sockets()
    {
    }

    public static ZMQ.Socket create(final ZContext context, final SocketType type, final long maxMessageSize)
    {
        final ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.setMsgAllocator(GUARDED_ALLOCATOR);
        socket.setMaxMsgSize(maxMessageSize);
        socket.setHandshakeIvl(HANDSHAKE_TIMEOUT_MILLIS);
        if (type == SocketType.SUB)
        {
            socket.setSndHWM(0); // never drop a subscription (see the class comment); set before any connect
        }
        return socket;
    }

    /**
     * Binds {@code socket} to an ephemeral TCP port on {@code host} ({@code ""} or {@code *} = all interfaces).
     *
     * @return the bound port
     */
    public static int bindEphemeral(final ZMQ.Socket socket, final String host)
    {
        final String bindHost = host == null || host.isEmpty() ? "*" : host;
        socket.bind("tcp://" + bindHost + ":*");
        final String endpoint = socket.getLastEndpoint();
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /**
     * Attaches {@code socket} to a comma-separated endpoint list as CZMQ's {@code zsock_attach} does: a leading
     * {@code @} binds, {@code >} connects, otherwise {@code serverByDefault} decides.
     */
    public static void attach(final ZMQ.Socket socket, final String endpoints, final boolean serverByDefault)
    {
        for (final String raw : endpoints.split(","))
        {
            final String endpoint = raw.trim();
            if (endpoint.isEmpty())
            {
                continue;
            }
            if (endpoint.startsWith("@"))
            {
                socket.bind(endpoint.substring(1));
            }
            else if (endpoint.startsWith(">"))
            {
                socket.connect(endpoint.substring(1));
            }
            else if (serverByDefault)
            {
                socket.bind(endpoint);
            }
            else
            {
                socket.connect(endpoint);
            }
        }
    }
}
