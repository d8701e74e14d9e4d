package io.dafka.kafka.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The towers a Kafka client talks to. Each {@code bootstrap.servers} entry is one tower: {@code host:port} means
 * XSUB at {@code tcp://host:port} and XPUB at {@code tcp://host:(port+1)}; {@code host} alone means ports
 * 5556/5557; a {@code dafka://} prefix is allowed. {@code dafka.tower.sub.endpoints} /
 * {@code dafka.tower.pub.endpoints} replace either side. As Kafka does for its bootstrap URLs, construction fails
 * when no tower host of a side resolves (each one that does not is logged).
 *
 * @param subEndpoints the towers' XSUB endpoints, where beacons are published
 * @param pubEndpoints the towers' XPUB endpoints, where beacons are heard
 */
public record Towers(List<String> subEndpoints, List<String> pubEndpoints)
{
    /** Tower XSUB port when {@code bootstrap.servers} names a host only (XPUB is this + 1). */
    public static final int DEFAULT_PORT = 5556;

    private static final Logger LOG = LoggerFactory.getLogger(Towers.class);
    private static final String DAFKA_SCHEME = "dafka://";
    private static final String TCP_SCHEME = "tcp://";

    public Towers
    {
        subEndpoints = List.copyOf(subEndpoints);
        pubEndpoints = List.copyOf(pubEndpoints);
    }

    /**
     * Towers named by {@code bootstrap} entries ({@code host[:port]}, optionally {@code dafka://}), with
     * {@code subOverride}/{@code pubOverride} (full ZeroMQ endpoints) replacing a side when not empty.
     * Nothing is resolved.
     *
     * @throws ConfigException naming {@code bootstrap.servers} for a malformed entry or no tower at all
     */
    public static Towers parse(final List<String> bootstrap, final List<String> subOverride,
        final List<String> pubOverride)
    {
        final List<String> sub = new ArrayList<>();
        final List<String> pub = new ArrayList<>();
        for (final String raw : bootstrap)
        {
            final String entry = raw.trim();
            if (entry.isEmpty())
            {
                continue;
            }
            final HostPort tower = parseEntry(entry);
            sub.add(TCP_SCHEME + tower.host() + ":" + tower.port());
            pub.add(TCP_SCHEME + tower.host() + ":" + (tower.port() + 1));
        }
        final List<String> subs = subOverride.isEmpty() ? sub : subOverride;
        final List<String> pubs = pubOverride.isEmpty() ? pub : pubOverride;
        if (subs.isEmpty() || pubs.isEmpty())
        {
            throw new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                "no Dafka tower given");
        }
        return new Towers(subs, pubs);
    }

    /**
     * {@link #parse} and then checks that at least one tower host of each side resolves (tcp endpoints only).
     *
     * @throws ConfigException naming the key that gave a side (bootstrap.servers or the override)
     */
    public static Towers resolve(final List<String> bootstrap, final List<String> subOverride,
        final List<String> pubOverride)
    {
        final Towers towers = parse(bootstrap, subOverride, pubOverride);
        requireResolvable(towers.subEndpoints(), subOverride.isEmpty() ?
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG : ClientKeys.TOWER_SUB_ENDPOINTS);
        requireResolvable(towers.pubEndpoints(), pubOverride.isEmpty() ?
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG : ClientKeys.TOWER_PUB_ENDPOINTS);
        return towers;
    }

    /** The host of a {@code tcp://host:port} endpoint (IPv6 brackets removed), or null for other transports. */
    public static String host(final String endpoint)
    {
        if (!endpoint.startsWith(TCP_SCHEME))
        {
            return null;
        }
        final String hostPort = endpoint.substring(TCP_SCHEME.length());
        final int colon = hostPort.lastIndexOf(':');
        final String host = colon < 0 || hostPort.endsWith("]") ? hostPort : hostPort.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port of a {@code tcp://host:port} endpoint, or {@link #DEFAULT_PORT} if it has none. */
    public static int port(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        try
        {
            return colon < 0 || endpoint.endsWith("]") ? DEFAULT_PORT : Integer.parseInt(endpoint.substring(colon + 1));
        }
        catch (final NumberFormatException e)
        {
            return DEFAULT_PORT;
        }
    }

    private static void requireResolvable(final List<String> endpoints, final String key)
    {
        final List<String> unresolved = new ArrayList<>();
        boolean checked = false;
        for (final String endpoint : endpoints)
        {
            final String host = host(endpoint);
            if (host == null || host.equals("*"))
            {
                continue;
            }
            checked = true;
            try
            {
                InetAddress.getAllByName(host);
                return;
            }
            catch (final UnknownHostException | SecurityException e)
            {
                LOG.warn("Couldn't resolve tower host {} of {} ({}); ignoring it", host, key, e.toString());
                unresolved.add(host);
            }
        }
        if (checked)
        {
            throw new ConfigException(key, String.join(",", endpoints), "no resolvable tower host given " +
                unresolved);
        }
    }

    private record HostPort(String host, int port)
    {
    }

    private static HostPort parseEntry(final String entry)
    {
        String rest = entry;
        if (rest.regionMatches(true, 0, DAFKA_SCHEME, 0, DAFKA_SCHEME.length()))
        {
            rest = rest.substring(DAFKA_SCHEME.length());
        }
        if (rest.contains("://") || rest.contains("/") || rest.isEmpty())
        {
            throw badEntry(entry, "expected host[:port] or dafka://host[:port]");
        }
        final String host;
        final String port;
        if (rest.startsWith("["))
        {
            final int close = rest.indexOf(']');
            if (close < 0)
            {
                throw badEntry(entry, "unterminated IPv6 address");
            }
            host = rest.substring(0, close + 1);
            port = close + 1 < rest.length() && rest.charAt(close + 1) == ':' ? rest.substring(close + 2) : null;
            if (port == null && close + 1 < rest.length())
            {
                throw badEntry(entry, "expected ':' after the IPv6 address");
            }
        }
        else
        {
            final int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isEmpty() || host.indexOf(':') >= 0 && !host.startsWith("["))
        {
            throw badEntry(entry, "bad host");
        }
        if (port == null)
        {
            return new HostPort(host, DEFAULT_PORT);
        }
        try
        {
            final int number = Integer.parseInt(port);
            if (number < 1 || number > 65534)
            {
                throw badEntry(entry, "port must be 1..65534 (the tower's XPUB is port + 1)");
            }
            return new HostPort(host, number);
        }
        catch (final NumberFormatException e)
        {
            throw badEntry(entry, "bad port");
        }
    }

    private static ConfigException badEntry(final String entry, final String problem)
    {
        return new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, entry, problem);
    }
}
