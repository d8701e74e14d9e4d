package io.dafka.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.dafka.config.DafkaConfig;
import io.dafka.discovery.TowerNode;

/** Loopback-only settings for tests: towers on ephemeral ports of 127.0.0.1, fast beacons. */
public final class Loopback
{
    private Loopback()
    {
    }

    /** A tower bound to ephemeral ports on 127.0.0.1 (never 5556/5557, which other processes use). */
    public static TowerNode startTower()
    {
        return startTower(new Object[0]);
    }

    /** A tower bound to ephemeral ports on 127.0.0.1 with {@code overrides} as key/value pairs (e.g. security). */
    public static TowerNode startTower(final Object... overrides)
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("tower.sub_address", "tcp://127.0.0.1:*");
        settings.put("tower.pub_address", "tcp://127.0.0.1:*");
        for (int i = 0; i < overrides.length; i += 2)
        {
            settings.put((String)overrides[i], overrides[i + 1]);
        }
        return TowerNode.start(DafkaConfig.of(settings));
    }

    /**
     * Node settings that reach {@code tower} over loopback, beacon every 100 ms, then {@code overrides} as
     * key/value pairs.
     */
    public static DafkaConfig nodeConfig(final TowerNode tower, final Object... overrides)
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("beacon.address", "127.0.0.1");
        settings.put("beacon.sub_address", tower.subEndpoint());
        settings.put("beacon.pub_address", tower.pubEndpoint());
        settings.put("beacon.interval", 100);
        settings.put("beacon.timeout", 3000);
        settings.put("beacon.ready_timeout", 10_000);
        for (int i = 0; i < overrides.length; i += 2)
        {
            settings.put((String)overrides[i], overrides[i + 1]);
        }
        return DafkaConfig.of(settings);
    }
}
