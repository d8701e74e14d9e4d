package io.dafka.transport;

import java.nio.file.Path;

import org.zeromq.ZMQ;

import io.dafka.config.DafkaConfig;

/**
 * The one place that configures a socket for CURVE (docs/security.md). With {@code security.enabled} off both
 * methods leave the socket untouched, so the wire stays plain ZMTP as C's.
 *
 * <p>A socket that binds is a CURVE server presenting the mesh's server key pair ({@code security.server_key_file});
 * a socket that connects is a CURVE client presenting this node's own key pair ({@code security.key_file}) and
 * expecting the mesh's server public key. Every server runs a {@link ZapHandler} that admits only the client keys on
 * the allow-list. Servers share one key pair because JeroMQ keeps one option set per socket for all its
 * connections: a SUB connected to many publishers can expect only one server key.
 */
public final class Security
{
    /** The ZAP domain of every Dafka server socket. */
    public static final String ZAP_DOMAIN = "dafka";
    private static final Security OFF = new Security(null, null);

    private final CurveKeyPair node;
    private final CurveKeyPair server;

    private Security(final CurveKeyPair node, final CurveKeyPair server)
    {
        this.node = node;
        this.server = server;
    }

    /** The security of {@code config}: off, or the key pairs its key files name (already checked by the config). */
    public static Security of(final DafkaConfig config)
    {
        if (!config.get(DafkaConfig.SECURITY_ENABLED))
        {
            return OFF;
        }
        return new Security(CurveKeyPair.read(Path.of(config.get(DafkaConfig.SECURITY_KEY_FILE))),
            CurveKeyPair.read(Path.of(config.get(DafkaConfig.SECURITY_SERVER_KEY_FILE))));
    }

    public boolean enabled()
    {
        return node != null;
    }

    /** Makes {@code socket}, before it binds, a CURVE server checked by ZAP. */
    public ZMQ.Socket asServer(final ZMQ.Socket socket)
    {
        if (enabled())
        {
            socket.setZAPDomain(ZAP_DOMAIN);
            socket.setCurveServer(true);
            socket.setCurvePublicKey(ZMQ.Curve.z85Decode(server.publicKey()));
            socket.setCurveSecretKey(ZMQ.Curve.z85Decode(server.secretKey()));
        }
        return socket;
    }

    /** Makes {@code socket}, before it connects, a CURVE client with this node's key pair. */
    public ZMQ.Socket asClient(final ZMQ.Socket socket)
    {
        if (enabled())
        {
            socket.setCurveServerKey(ZMQ.Curve.z85Decode(server.publicKey()));
            socket.setCurvePublicKey(ZMQ.Curve.z85Decode(node.publicKey()));
            socket.setCurveSecretKey(ZMQ.Curve.z85Decode(node.secretKey()));
        }
        return socket;
    }
}
