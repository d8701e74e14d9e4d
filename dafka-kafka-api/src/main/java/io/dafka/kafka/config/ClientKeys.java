package io.dafka.kafka.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import io.dafka.config.ConfigKey;
import io.dafka.config.DafkaConfig;
import io.dafka.config.DafkaConfigException;

/**
 * The Kafka clients' {@code dafka.*} keys: a table from each client name to the one {@link ConfigKey} of
 * {@link DafkaConfig} that defines its default, range and documentation. Keys the daemons share keep their
 * Kafka-style spelling here ({@code dafka.beacon.interval.ms} is {@code beacon.interval}); keys only the clients
 * read are defined in {@link DafkaConfig#CLIENT_KEYS} under their client names.
 */
public final class ClientKeys
{
    /** The namespace of Dafka's keys in Kafka client settings. */
    public static final String PREFIX = "dafka.";
    public static final String TRANSPORT = DafkaConfig.CLIENT_TRANSPORT.name();
    public static final String BEACON_ADDRESS = DafkaConfig.CLIENT_BEACON_ADDRESS.name();
    public static final String TOWER_SUB_ENDPOINTS = DafkaConfig.CLIENT_TOWER_SUB_ENDPOINTS.name();
    public static final String TOWER_PUB_ENDPOINTS = DafkaConfig.CLIENT_TOWER_PUB_ENDPOINTS.name();
    public static final String PRODUCER_HIGH_WATERMARK = DafkaConfig.CLIENT_PRODUCER_HIGH_WATERMARK.name();
    public static final String RECORD_FORMAT = DafkaConfig.CLIENT_RECORD_FORMAT.name();
    public static final String PRODUCER_EXPLICIT_PARTITION = DafkaConfig.CLIENT_EXPLICIT_PARTITION.name();
    public static final String OFFSETS_DIR = DafkaConfig.CLIENT_OFFSETS_DIR.name();
    public static final String GROUP_MODE = DafkaConfig.CLIENT_GROUP_MODE.name();
    public static final String BEACON_INTERVAL_MS = "dafka.beacon.interval.ms";
    public static final String BEACON_TIMEOUT_MS = "dafka.beacon.timeout.ms";
    public static final String PRODUCER_HEAD_INTERVAL_MS = "dafka.producer.head.interval.ms";
    public static final String MIN_STORES = "dafka.min.stores";
    /** The security keys, passed to the engine unchanged: client name to the key it sets. */
    public static final Map<String, ConfigKey<?>> SECURITY = security();

    /** Client name to defining key: the client-only keys under their own names, then the shared ones. */
    private static final Map<String, ConfigKey<?>> TABLE = table();
    /** Shared key name ({@code beacon.interval}) to client name, for messages. */
    private static final Map<String, String> CLIENT_NAME_OF = reverse();

    private ClientKeys()
    {
    }

    /** Every {@code dafka.*} key a Kafka client accepts. */
    public static Set<String> names()
    {
        return TABLE.keySet();
    }

    /** The table: every client key name and the key that defines it, in documentation order. */
    public static Map<String, ConfigKey<?>> keys()
    {
        return TABLE;
    }

    /** The key that defines client key {@code name}, or null if there is none. */
    public static ConfigKey<?> key(final String name)
    {
        return TABLE.get(name);
    }

    /**
     * Parses {@code settings} (client names, values as given: text, numbers, lists) and fills in every default.
     *
     * @return parsed values by client name
     * @throws ConfigException naming the first unknown client key or invalid value
     */
    public static Map<String, Object> parse(final Map<String, ?> settings)
    {
        settings.forEach((name, value) ->
        {
            if (!TABLE.containsKey(name))
            {
                throw new ConfigException(name, value, "unknown Dafka configuration key; known keys are " +
                    new TreeSet<>(TABLE.keySet()));
            }
        });
        final Map<String, Object> parsed = new LinkedHashMap<>();
        TABLE.forEach((name, key) ->
        {
            final Object value = settings.get(name);
            parsed.put(name, parse(name, key, value == null ? key.defaultValue() : value));
        });
        return Collections.unmodifiableMap(parsed);
    }

    /**
     * The client's spelling of a {@link DafkaConfigException}: the key named by its client name, and the shared
     * names in the message replaced by theirs.
     */
    public static ConfigException translate(final DafkaConfigException problem, final Object value)
    {
        final String name = CLIENT_NAME_OF.getOrDefault(problem.key(), problem.key());
        String message = problem.problem();
        for (final Map.Entry<String, String> spelling : CLIENT_NAME_OF.entrySet())
        {
            message = message.replace(spelling.getKey() + " (", spelling.getValue() + " (");
        }
        return new ConfigException(name, value, message);
    }

    /** A {@link ConfigDef} documenting every client key (type, default, validator and doc from its key). */
    public static ConfigDef configDef()
    {
        final ConfigDef def = new ConfigDef();
        TABLE.forEach((name, key) ->
        {
            final Object defaultValue = key.parse(key.defaultValue());
            def.define(name, typeOf(defaultValue), defaultValue, (configName, value) ->
            {
                if (value != null)
                {
                    parse(configName, key, value);
                }
            }, ConfigDef.Importance.MEDIUM, key.doc());
        });
        return def;
    }

    /** A value as the key's parser reads it: lists joined by commas, anything else as its text. */
    static String text(final Object value)
    {
        if (value instanceof Collection<?> items)
        {
            final StringBuilder joined = new StringBuilder();
            for (final Object item : items)
            {
                joined.append(joined.length() == 0 ? "" : ",").append(item);
            }
            return joined.toString();
        }
        return value instanceof Class<?> type ? type.getName() : value.toString();
    }

    private static Object parse(final String name, final ConfigKey<?> key, final Object value)
    {
        try
        {
            return key.parse(text(value));
        }
        catch (final DafkaConfigException problem)
        {
            throw new ConfigException(name, value, problem.problem());
        }
    }

    private static ConfigDef.Type typeOf(final Object value)
    {
        if (value instanceof Long)
        {
            return ConfigDef.Type.LONG;
        }
        if (value instanceof Boolean)
        {
            return ConfigDef.Type.BOOLEAN;
        }
        return value instanceof List ? ConfigDef.Type.LIST : ConfigDef.Type.STRING;
    }

    private static Map<String, ConfigKey<?>> table()
    {
        final Map<String, ConfigKey<?>> table = new LinkedHashMap<>();
        for (final ConfigKey<?> key : DafkaConfig.CLIENT_KEYS)
        {
            table.put(key.name(), key);
        }
        table.put(BEACON_INTERVAL_MS, DafkaConfig.BEACON_INTERVAL);
        table.put(BEACON_TIMEOUT_MS, DafkaConfig.BEACON_TIMEOUT);
        table.put(PRODUCER_HEAD_INTERVAL_MS, DafkaConfig.PRODUCER_HEAD_INTERVAL);
        table.put(MIN_STORES, DafkaConfig.PRODUCER_MIN_STORES);
        table.putAll(SECURITY);
        return Collections.unmodifiableMap(table);
    }

    private static Map<String, ConfigKey<?>> security()
    {
        final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
        keys.put("dafka.security.enabled", DafkaConfig.SECURITY_ENABLED);
        keys.put("dafka.security.key.file", DafkaConfig.SECURITY_KEY_FILE);
        keys.put("dafka.security.server.key.file", DafkaConfig.SECURITY_SERVER_KEY_FILE);
        keys.put("dafka.security.allow.list", DafkaConfig.SECURITY_ALLOW_LIST);
        keys.put("dafka.security.allow.list.reload.ms", DafkaConfig.SECURITY_ALLOW_LIST_RELOAD_INTERVAL);
        return Collections.unmodifiableMap(keys);
    }

    private static Map<String, String> reverse()
    {
        final Map<String, String> reverse = new LinkedHashMap<>();
        TABLE.forEach((name, key) ->
        {
            if (!name.equals(key.name()))
            {
                reverse.put(key.name(), name);
            }
        });
        reverse.put(DafkaConfig.BEACON_ADDRESS.name(), BEACON_ADDRESS);
        reverse.put(DafkaConfig.BEACON_SUB_ADDRESS.name(), TOWER_SUB_ENDPOINTS);
        reverse.put(DafkaConfig.BEACON_PUB_ADDRESS.name(), TOWER_PUB_ENDPOINTS);
        reverse.put(DafkaConfig.PRODUCER_HIGH_WATERMARK.name(), PRODUCER_HIGH_WATERMARK);
        return Collections.unmodifiableMap(reverse);
    }
}
