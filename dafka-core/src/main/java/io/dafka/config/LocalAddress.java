package io.dafka.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * The rule for an address a node binds its data socket to and announces in beacons ({@code beacon.address}): it
 * must resolve to an address of one of this host's interfaces (any loopback address counts), not a wildcard.
 * Checked before binding, because ZeroMQ reports a foreign address as a misleading errno.
 */
public final class LocalAddress
{
    private LocalAddress()
    {
    }

    /**
     * @param key  the setting that gave {@code host}, for the message
     * @param host a host name or IP literal
     * @throws DafkaConfigException naming {@code key} if {@code host} does not resolve or is not local
     */
    public static void require(final String key, final String host)
    {
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(host);
        }
        catch (final UnknownHostException e)
        {
            throw new DafkaConfigException(key, "'" + host + "' cannot be resolved");
        }
        if (address.isAnyLocalAddress())
        {
            throw new DafkaConfigException(key, "'" + host + "' is a wildcard, which peers cannot connect to; give " +
                "an address of this host");
        }
        boolean local;
        try
        {
            local = address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        }
        catch (final SocketException e)
        {
            local = true; // cannot tell: let the bind decide
        }
        if (!local)
        {
            throw new DafkaConfigException(key, "'" + host + "' resolves to " + address.getHostAddress() +
                ", which is not an address of this host's interfaces (the data socket binds it)");
        }
    }
}
