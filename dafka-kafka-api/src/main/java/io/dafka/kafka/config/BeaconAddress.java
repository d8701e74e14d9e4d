package io.dafka.kafka.config;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dafka.config.DafkaConfigException;
import io.dafka.config.LocalAddress;

/**
 * The host a Kafka client announces in its beacons and binds its data socket to ({@code dafka.beacon.address}).
 * An explicit value must resolve to an address of this host, or binding would fail later with an OS error;
 * {@code auto} is the local address of the route to the first tower.
 */
public final class BeaconAddress
{
    /** The value that asks for the route's local address. */
    public static final String AUTO = "auto";

    private static final Logger LOG = LoggerFactory.getLogger(BeaconAddress.class);

    private BeaconAddress()
    {
    }

    /**
     * {@code configured} checked, or for {@code auto}: 127.0.0.1 for a loopback tower, else the local address of
     * the route to it (a connected {@link DatagramSocket}, which sends nothing); empty (the tower guesses) if
     * that cannot be found.
     *
     * @throws ConfigException naming {@code dafka.beacon.address} if an explicit value does not resolve or is not
     *                         an address of this host
     */
    public static String resolve(final String configured, final String firstTower)
    {
        if (!AUTO.equalsIgnoreCase(configured))
        {
            requireLocal(configured);
            return configured;
        }
        final String host = Towers.host(firstTower);
        if (host == null)
        {
            return "";
        }
        try
        {
            final InetAddress tower = InetAddress.getByName(host);
            if (tower.isLoopbackAddress())
            {
                return "127.0.0.1";
            }
            try (DatagramSocket probe = new DatagramSocket())
            {
                probe.connect(new InetSocketAddress(tower, Towers.port(firstTower)));
                final InetAddress local = probe.getLocalAddress();
                if (local == null || local.isAnyLocalAddress())
                {
                    return "";
                }
                return local.getHostAddress();
            }
        }
        catch (final Exception e)
        {
            LOG.warn("{}=auto: no route to tower {} ({}); letting the tower guess this host",
                ClientKeys.BEACON_ADDRESS, firstTower, e.toString());
            return "";
        }
    }

    private static void requireLocal(final String configured)
    {
        try
        {
            LocalAddress.require(ClientKeys.BEACON_ADDRESS, configured);
        }
        catch (final DafkaConfigException problem)
        {
            throw new ConfigException(ClientKeys.BEACON_ADDRESS, configured, problem.problem() + "; or give auto");
        }
    }
}
