package io.dafka.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A misbehaving TCP client for robustness tests: it connects to a ZeroMQ endpoint with a plain socket and
 * sends what no ZeroMQ peer would, e.g. random bytes, or a valid ZMTP 3.0 handshake as a SUB followed by
 * frames whose 8-byte size is negative (jeromq #1005) or absurdly large.
 * <pre>
 *   greeting (64 bytes): 0xFF | 8 x 0x00 | 0x7F | 3 | 0 | "NULL" + 16 x 0x00 | as-server 0 | 31 x 0x00
 *   READY command:       0x04 | size | 5 "READY" | 11 "Socket-Type" | 0 0 0 3 "SUB"
 *   long frame:          0x02 | 8-byte big-endian size | ...
 * </pre>
 */
public final class HostileClient implements AutoCloseable
{
    /** Top bit set: JeroMQ 0.6.0 reads it as a negative size. */
    public static final long NEGATIVE_SIZE = 0xFFFF_FFFF_FFFF_FFF0L;
    /** The largest positive 8-byte size. */
    public static final long HUGE_SIZE = 0x7FFF_FFFF_FFFF_FFFFL;
    /** About 2 GiB: positive, fits in an int, far above any sane maximum message size. */
    public static final long LARGE_INT_SIZE = 0x0000_0000_7FFF_FFF0L;

    private static final int GREETING_LENGTH = 64;
    private static final int MECHANISM_LENGTH = 20;
    private static final int FILLER_LENGTH = 31;
    private static final int COMMAND_FLAG = 0x04;
    private static final int LARGE_FLAG = 0x02;
    private static final int MORE_FLAG = 0x01;
    private static final int SHORT_SIZE_MAX = 255;
    private static final int READ_TIMEOUT_MILLIS = 100;
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private HostileClient(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connects to {@code tcp://host:port}. */
    public static HostileClient connect(final String endpoint) throws IOException
    {
        if (!endpoint.startsWith("tcp://"))
        {
            throw new IllegalArgumentException("not a tcp endpoint: " + endpoint);
        }
        final String hostPort = endpoint.substring("tcp://".length());
        final int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.equals("*") || host.equals("0.0.0.0"))
        {
            host = "127.0.0.1";
        }
        return new HostileClient(new Socket(host, Integer.parseInt(hostPort.substring(colon + 1))));
    }

    /** Writes {@code count} pseudo-random bytes from {@code seed}. */
    public HostileClient sendRandomBytes(final int count, final long seed) throws IOException
    {
        final byte[] bytes = new byte[count];
        new Random(seed).nextBytes(bytes);
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Does a ZMTP 3.0 NULL handshake as a SUB socket: sends the greeting, reads the server's, sends READY and
     * reads the server's READY.
     *
     * @throws IOException if the server closes the connection or does not complete the handshake in 5 s
     */
    public HostileClient handshakeAsSub() throws IOException
    {
        return handshakeAs("SUB");
    }

    /**
     * Does a ZMTP 3.0 NULL handshake as a socket of {@code socketType} (e.g. "PUB" towards an XSUB): sends the
     * greeting, reads the server's, sends READY and reads the server's READY.
     *
     * @throws IOException if the server closes the connection or does not complete the handshake in 5 s
     */
    public HostileClient handshakeAs(final String socketType) throws IOException
    {
        out.write(greeting());
        out.flush();
        readFully(GREETING_LENGTH);
        out.write(readyCommand(socketType));
        out.flush();
        final byte[] header = readFully(2);
        if ((header[0] & COMMAND_FLAG) == 0)
        {
            throw new IOException("expected the server's READY command, got flags " + header[0]);
        }
        readFully(header[1] & 0xFF);
        return this;
    }

    /**
     * Sends one well-formed message frame carrying {@code body} (short size up to 255 bytes, else long), with the
     * MORE flag if {@code more}. After a SUB handshake, a frame starting with 0x01 or 0x00 is a (un)subscription.
     */
    public HostileClient sendFrame(final byte[] body, final boolean more) throws IOException
    {
        final int flags = more ? MORE_FLAG : 0;
        final ByteBuffer frame = body.length <= SHORT_SIZE_MAX
            ? ByteBuffer.allocate(2 + body.length).put((byte)flags).put((byte)body.length)
            : ByteBuffer.allocate(9 + body.length).put((byte)(flags | LARGE_FLAG)).putLong(body.length);
        out.write(frame.put(body).array());
        out.flush();
        return this;
    }

    /** Sends the start of a message frame whose 8-byte size is {@code size}, then {@code payload}. */
    public HostileClient sendLongFrame(final long size, final byte[] payload) throws IOException
    {
        out.write(ByteBuffer.allocate(1 + 8 + payload.length).put((byte)LARGE_FLAG).putLong(size).put(payload)
            .array());
        out.flush();
        return this;
    }

    /**
     * Whether the server closed the connection within {@code millis}: reads (and discards) until end of stream or
     * a reset.
     */
    public boolean awaitClosedByPeer(final long millis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        final byte[] sink = new byte[4096];
        while (System.nanoTime() < deadline)
        {
            try
            {
                if (in.read(sink) < 0)
                {
                    return true;
                }
            }
            catch (final SocketTimeoutException stillOpen)
            {
                // keep waiting
            }
            catch (final IOException reset)
            {
                return true;
            }
        }
        return false;
    }

    /** {@link #attack(String, String)} posing as a SUB, for endpoints of PUB and XPUB sockets. */
    public static void attack(final String endpoint) throws IOException
    {
        attack(endpoint, "SUB");
    }

    /**
     * The standard attack on a bound ZeroMQ endpoint: random bytes; a handshake as {@code socketType} then a
     * negative and a huge frame size; a handshake then a 2 GiB size. The server must drop the connections with
     * absurd sizes, which proves its I/O thread survived what came before. Three connections; the negative size
     * reaches the socket as one empty message.
     *
     * @throws AssertionError if a connection with an absurd frame size stays open for 10 s
     */
    public static void attack(final String endpoint, final String socketType) throws IOException
    {
        try (HostileClient garbage = connect(endpoint))
        {
            garbage.sendRandomBytes(4096, 42);
        }
        try (HostileClient negative = connect(endpoint))
        {
            negative.handshakeAs(socketType)
                .sendLongFrame(NEGATIVE_SIZE, new byte[0])
                .sendLongFrame(HUGE_SIZE, "never read".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!negative.awaitClosedByPeer(CLOSE_WAIT_MILLIS))
            {
                throw new AssertionError("connection not closed after a huge frame size");
            }
        }
        try (HostileClient large = connect(endpoint))
        {
            large.handshakeAs(socketType).sendLongFrame(LARGE_INT_SIZE, "never read".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!large.awaitClosedByPeer(CLOSE_WAIT_MILLIS))
            {
                throw new AssertionError("connection not closed after a 2 GiB frame size");
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    private static byte[] greeting()
    {
        final ByteBuffer greeting = ByteBuffer.allocate(GREETING_LENGTH);
        greeting.put((byte)0xFF).put(new byte[8]).put((byte)0x7F);
        greeting.put((byte)3).put((byte)0);
        final byte[] mechanism = new byte[MECHANISM_LENGTH];
        final byte[] name = "NULL".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, mechanism, 0, name.length);
        greeting.put(mechanism);
        greeting.put((byte)0);
        greeting.put(new byte[FILLER_LENGTH]);
        return greeting.array();
    }

    private static byte[] readyCommand(final String socketType)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShortString(body, "READY");
        writeShortString(body, "Socket-Type");
        final byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
        body.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        body.writeBytes(value);
        final byte[] bytes = body.toByteArray();
        final ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.write(COMMAND_FLAG);
        command.write(bytes.length);
        command.writeBytes(bytes);
        return command.toByteArray();
    }

    private static void writeShortString(final ByteArrayOutputStream out, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private byte[] readFully(final int length) throws IOException
    {
        final byte[] bytes = new byte[length];
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int read = 0;
        while (read < length)
        {
            try
            {
                final int n = in.read(bytes, read, length - read);
                if (n < 0)
                {
                    throw new IOException("connection closed by the server after " + read + " of " + length +
                        " bytes");
                }
                read += n;
            }
            catch (final SocketTimeoutException notYet)
            {
                if (System.nanoTime() >= deadline)
                {
                    throw new IOException("handshake timed out after " + read + " of " + length + " bytes",
                        notYet);
                }
            }
        }
        return bytes;
    }
}
