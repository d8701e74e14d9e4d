package io.dafka.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.dafka.transport.AllowList;
import io.dafka.transport.CurveKeyPair;

/**
 * Immutable, validated configuration of Dafka nodes. Keys follow C's zconfig paths with {@code .} instead of
 * {@code /} (both spellings are accepted). Unknown keys and bad values fail at construction with a
 * {@link DafkaConfigException} naming the key. Keys marked "Java only" do not exist in the C implementation.
 *
 * <p>This is the one definition of every Dafka key (name, default, range, doc): the daemons read {@link #KEYS};
 * the Kafka-API clients read {@link #CLIENT_KEYS} and some of {@link #KEYS} under {@code dafka.*} names
 * (dafka-kafka-api's {@code ClientKeys} table); the tables of docs/configuration.md are generated from both.
 */
public final class DafkaConfig
{
    /** Longest duration most {@code ms} keys accept: Kafka's int range (about 24.8 days). */
    public static final long MAX_MILLIS = Integer.MAX_VALUE;
    /** Longest age a store's segment and retention keys accept: still representable in nanoseconds. */
    public static final long MAX_LONG_MILLIS = Long.MAX_VALUE / 1_000_000;
    /** Longest beacon interval: a peer must be heard from at least once a minute. */
    public static final long MAX_BEACON_INTERVAL = 60_000;
    /** Largest in-memory queue or buffer of records a key may ask for (the engine allocates it up front). */
    public static final long MAX_CAPACITY = 1 << 24;
    /** Smallest explicit per-peer queue of a Kafka-API producer, in records. */
    public static final long MIN_CLIENT_HIGH_WATERMARK = 1000;

    /** Milliseconds between beacons. */
    public static final ConfigKey<Long> BEACON_INTERVAL =
        ConfigKey.range("beacon.interval", 1000, 1, MAX_BEACON_INTERVAL,
            "ms between beacons (at most 60 000, and below beacon.timeout)");
    /** Milliseconds without a beacon before a peer is disconnected. */
    public static final ConfigKey<Long> BEACON_TIMEOUT =
        ConfigKey.range("beacon.timeout", 4000, 2, MAX_MILLIS,
            "ms without a beacon before a peer is disconnected (above beacon.interval)");
    /** Host announced to the tower and bound by data sockets; empty = bind all, the tower guesses the host. */
    public static final ConfigKey<String> BEACON_ADDRESS = ConfigKey.text("beacon.address", "",
        "host/IP announced to the tower (and bound by data sockets); empty: bind all, tower guesses");
    /** Tower XSUB endpoint(s) where the beacon publishes; comma-separated, '@' binds, '>' connects. */
    public static final ConfigKey<String> BEACON_SUB_ADDRESS = ConfigKey.text("beacon.sub_address",
        "tcp://127.0.0.1:5556", "tower XSUB endpoint(s) the beacon publishes to");
    /** Tower XPUB endpoint(s) where the beacon listens. */
    public static final ConfigKey<String> BEACON_PUB_ADDRESS = ConfigKey.text("beacon.pub_address",
        "tcp://127.0.0.1:5557", "tower XPUB endpoint(s) the beacon listens to");
    /** Java only: how long node start-up waits for the tower's welcome before failing (C waits forever). */
    public static final ConfigKey<Long> BEACON_READY_TIMEOUT = ConfigKey.range("beacon.ready_timeout", 10_000, 1,
        MAX_MILLIS, "Java only: ms start-up waits for a tower's welcome before failing (C waits forever)");
    /** Tower XSUB bind endpoint(s). */
    public static final ConfigKey<String> TOWER_SUB_ADDRESS =
        ConfigKey.text("tower.sub_address", "tcp://*:5556", "tower XSUB endpoint(s), bound");
    /** Tower XPUB bind endpoint(s). */
    public static final ConfigKey<String> TOWER_PUB_ADDRESS =
        ConfigKey.text("tower.pub_address", "tcp://*:5557", "tower XPUB endpoint(s), bound");
    /** Milliseconds between HEADs, starting after the first record. */
    public static final ConfigKey<Long> PRODUCER_HEAD_INTERVAL =
        ConfigKey.range("producer.head_interval", 1000, 1, MAX_MILLIS,
            "ms between HEADs, after the first record");
    /** Producer PUB send and SUB receive high-water mark (0 = unlimited). */
    public static final ConfigKey<Long> PRODUCER_HIGH_WATERMARK =
        ConfigKey.range("producer.high_watermark", 1_000_000, 0, Integer.MAX_VALUE,
            "producer socket HWM (messages; 0 = unlimited)");
    /** Close without waiting for store ACKs, losing unacknowledged records. */
    public static final ConfigKey<Boolean> PRODUCER_TERMINATE_UNACKED = ConfigKey.bool(
        "producer.terminate_unacked", false, "close without waiting for ACKs (unacked records are lost)");
    /** Java only: longest time close waits for store ACKs before giving up (C waits forever). */
    public static final ConfigKey<Long> PRODUCER_CLOSE_TIMEOUT = ConfigKey.range("producer.close_timeout",
        30_000, 1, MAX_MILLIS, "Java only: ms close waits for store ACKs before giving up (C waits forever)");
    /** Java only: distinct stores whose ACK a record waits for; above 1 only Java stores count (STORE-ACK). */
    public static final ConfigKey<Long> PRODUCER_MIN_STORES = ConfigKey.range("producer.min_stores", 1, 1, 255,
        "Java only: distinct stores that must ACK a record; above 1 counts Java stores only (STORE-ACK)");
    /** Where a consumer starts in a partition it has not seen: latest or earliest. */
    public static final ConfigKey<String> CONSUMER_OFFSET_RESET = ConfigKey.oneOf("consumer.offset.reset",
        "latest", Set.of("latest", "earliest"), "start of unseen partitions: latest | earliest");
    /** Java only: whether a consumer asks stores for the heads of its topics (auto: only when earliest, as C). */
    public static final ConfigKey<String> CONSUMER_DISCOVERY = ConfigKey.oneOf("consumer.discovery", "auto",
        Set.of("auto", "stores", "live"),
        "Java only: learn partitions from stores too (stores), only from live traffic (live), or as C (auto)");
    /** Consumer XPUB send and SUB receive high-water mark (0 = unlimited). */
    public static final ConfigKey<Long> CONSUMER_HIGH_WATERMARK =
        ConfigKey.range("consumer.high_watermark", 1_000_000, 0, Integer.MAX_VALUE,
            "consumer socket HWM (messages; 0 = unlimited)");
    /** Java only: most records asked for in one FETCH (C asks to the end of a 100 000 window). */
    public static final ConfigKey<Long> CONSUMER_FETCH_MAX_COUNT = ConfigKey.range("consumer.fetch.max_count",
        100_000, 1, Integer.MAX_VALUE, "Java only: most records requested by one FETCH");
    /** Java only: ms before an unanswered FETCH for the same gap is sent again. */
    public static final ConfigKey<Long> CONSUMER_FETCH_RETRY_INTERVAL = ConfigKey.range(
        "consumer.fetch.retry_interval", 1000, 1, MAX_MILLIS, "Java only: ms before an unanswered FETCH is repeated");
    /** Java only: live records held per partition while a gap is being fetched (C drops them). */
    public static final ConfigKey<Long> CONSUMER_REORDER_CAPACITY = ConfigKey.range(
        "consumer.reorder.capacity", 16_384, 1, MAX_CAPACITY, "Java only: out-of-order records buffered per partition");
    /** Java only: records delivered by the engine and waiting for the application's poll. */
    public static final ConfigKey<Long> CONSUMER_QUEUE_CAPACITY = ConfigKey.range("consumer.queue.capacity",
        65_536, 1, MAX_CAPACITY, "Java only: delivered records waiting for poll; when full the engine stops reading");
    /** Store directory (C: the LevelDB directory; Java: the durable store's log and index). */
    public static final ConfigKey<String> STORE_DB = ConfigKey.text("store.db", "storedb",
        "store directory (record log and index)");
    /** Store socket high-water mark (0 = unlimited). */
    public static final ConfigKey<Long> STORE_HIGH_WATERMARK =
        ConfigKey.range("store.high_watermark", 1_000_000, 0, Integer.MAX_VALUE,
            "store socket HWM (messages; 0 = unlimited)");
    /** Java only: most records one store-writer FETCH asks for (C asks to the end of a 100 000 window). */
    public static final ConfigKey<Long> STORE_FETCH_MAX_COUNT = ConfigKey.range("store.fetch.max_count",
        100_000, 1, Integer.MAX_VALUE, "Java only: most records requested by one store-writer FETCH");
    /** Java only: ms before a store writer repeats an unanswered FETCH for the same gap. */
    public static final ConfigKey<Long> STORE_FETCH_RETRY_INTERVAL = ConfigKey.range(
        "store.fetch.retry_interval", 1000, 1, MAX_MILLIS,
        "Java only: ms before a store writer repeats an unanswered FETCH");
    /** Java only: when the durable store fsyncs: {@code batch} (before each batch's ACKs) or {@code never}. */
    public static final ConfigKey<String> STORE_FSYNC = ConfigKey.oneOf("store.fsync", "batch",
        Set.of("batch", "never"), "Java only: batch = fsync each batch before its ACKs; never = leave it to the OS");
    /** Java only: size at which the durable store starts a new segment file of a partition. */
    public static final ConfigKey<Long> STORE_SEGMENT_BYTES = ConfigKey.range("store.segment.bytes",
        64L * 1024 * 1024, 4096, 1L << 30, "Java only: bytes per segment file before a new one starts");
    /** Java only: age of a segment's first record at which the durable store starts a new segment. */
    public static final ConfigKey<Long> STORE_SEGMENT_MS = ConfigKey.range("store.segment.ms",
        7L * 24 * 3600 * 1000, 1, MAX_LONG_MILLIS,
        "Java only: ms after a segment's first record before a new segment starts");
    /** Java only: delete segments whose newest record is older than this; 0 keeps records forever (as C). */
    public static final ConfigKey<Long> STORE_RETENTION_MS = ConfigKey.range("store.retention.ms", 0, 0,
        MAX_LONG_MILLIS, "Java only: delete segments whose records are all older (ms); 0 = keep forever");
    /** Java only: delete a partition's oldest segments while it holds more bytes; 0 = no limit (as C). */
    public static final ConfigKey<Long> STORE_RETENTION_BYTES = ConfigKey.nonNegative("store.retention.bytes", 0,
        "Java only: delete oldest segments while a partition holds more bytes; 0 = no limit");
    /** Java only: ms between two retention passes of the durable store. */
    public static final ConfigKey<Long> STORE_RETENTION_CHECK_INTERVAL = ConfigKey.range(
        "store.retention.check_interval", 5000, 1, MAX_MILLIS, "Java only: ms between retention passes");
    /** Java only: entries the durable store's Chronicle Map index is sized for (partitions + segments). */
    public static final ConfigKey<Long> STORE_INDEX_ENTRIES = ConfigKey.range("store.index.entries", 100_000,
        1000, 100_000_000, "Java only: partitions + segments the Chronicle Map index is sized for");
    /** Java only: which segments recovery verifies record by record: the newest of each partition, or all. */
    public static final ConfigKey<String> STORE_RECOVERY_SCAN = ConfigKey.oneOf("store.recovery.scan", "tail",
        Set.of("tail", "all"), "Java only: tail = verify newest segments and those the index does not vouch "
            + "for; all = verify every record at start-up");
    /**
     * Java only: store partitions first seen mid-stream from the first record obtainable
     * (docs/protocol.md#mid-stream-adoption).
     */
    public static final ConfigKey<Boolean> STORE_ADOPT = ConfigKey.bool("store.adopt", false,
        "Java only: adopt a partition joined mid-stream once sequence 0 proved unobtainable (C never does)");
    /** Java only: how long a store tries to get sequence 0 of a partition before adopting it mid-stream. */
    public static final ConfigKey<Long> STORE_ADOPT_TIMEOUT = ConfigKey.range("store.adopt.timeout", 10_000, 1,
        MAX_MILLIS, "Java only: ms a store asks for sequence 0 of a new partition before adopting it (store.adopt)");
    /** Java only: how long a store fetches a damaged range from its peers before serving past it. */
    public static final ConfigKey<Long> STORE_REPAIR_TIMEOUT = ConfigKey.range("store.repair.timeout", 30_000, 1,
        MAX_MILLIS, "Java only: ms a store fetches damaged records from peers before FETCH answers skip past them");
    /** Java only: ms between two background scrub passes over every segment's published records; 0: no scrub. */
    public static final ConfigKey<Long> STORE_SCRUB_INTERVAL = ConfigKey.range("store.scrub.interval",
        3_600_000, 0, MAX_MILLIS, "Java only: ms between scrub passes verifying the CRCs of every segment's "
            + "published records; 0 = no scrub");
    /** Java only: bytes per second a scrub pass reads at most. */
    public static final ConfigKey<Long> STORE_SCRUB_RATE = ConfigKey.positive("store.scrub.rate",
        4L * 1024 * 1024, "Java only: bytes per second the scrub reads at most");
    /** Java only: ms between two full STORE-HEADS summaries a store reader sends to other stores' writers. */
    public static final ConfigKey<Long> STORE_SYNC_INTERVAL = ConfigKey.range("store.sync.interval", 5000, 1,
        MAX_MILLIS,
        "Java only: ms between full STORE-HEADS summaries to other stores (anti-entropy; also sent on connect)");
    /** Java only: how long a newer generation's committed offset fences commits of older generations. */
    public static final ConfigKey<Long> STORE_OFFSETS_FENCE_WINDOW = ConfigKey.range("store.offsets.fence_window",
        60_000, 0, MAX_MILLIS, "Java only: ms after a group's commit of a partition during which the store refuses "
            + "commits of that partition from an older generation (OFFSET-COMMIT)");
    /** Java only: segment files the durable store keeps open at most (least recently used closed first). */
    public static final ConfigKey<Long> STORE_OPEN_FILES = ConfigKey.range("store.open_files", 256, 4, 1_000_000,
        "Java only: segment files the durable store keeps open at most (LRU; keep well under ulimit -n)");
    /** Java only: largest ZeroMQ frame accepted; bigger frames close the offending connection. */
    public static final ConfigKey<Long> SOCKET_MAX_MESSAGE_SIZE = ConfigKey.range("socket.max_message_size",
        64L * 1024 * 1024, 1024, Integer.MAX_VALUE,
        "Java only: largest frame accepted (bytes); larger ones drop the connection");
    /** Java only: CURVE encryption and allow-list authentication on every socket (off: C's plain wire). */
    public static final ConfigKey<Boolean> SECURITY_ENABLED = ConfigKey.bool("security.enabled", false,
        "Java only: CURVE on every socket, peers admitted by the allow-list (off: plain, as C)");
    /** Java only: this node's CURVE key pair file (made by {@code dafka keygen}). */
    public static final ConfigKey<String> SECURITY_KEY_FILE = ConfigKey.text("security.key_file", "",
        "Java only: this node's key pair file (dafka keygen); its public key goes on the others' allow-lists");
    /** Java only: the key pair every binding socket of the mesh presents (towers included). */
    public static final ConfigKey<String> SECURITY_SERVER_KEY_FILE = ConfigKey.text("security.server_key_file", "",
        "Java only: the mesh's server key pair file (dafka keygen), the same on every node and tower");
    /** Java only: the public keys admitted, one Z85 key a line. */
    public static final ConfigKey<String> SECURITY_ALLOW_LIST = ConfigKey.text("security.allow_list", "",
        "Java only: file of the public keys admitted, one Z85 key a line ('# ' starts a comment line)");
    /** Java only: how long an admitted key is trusted before the allow-list file is read again (revocation). */
    public static final ConfigKey<Long> SECURITY_ALLOW_LIST_RELOAD_INTERVAL = ConfigKey.range(
        "security.allow_list.reload_interval", 10_000, 1, MAX_MILLIS,
        "Java only: ms after which a handshake reads the allow-list again, so a removed key is refused; a key "
            + "not on it is looked up at once");

    /** Kafka clients only: {@code dafka} or {@code kafka}; {@code auto}: Dafka for a {@code dafka://} bootstrap. */
    public static final ConfigKey<String> CLIENT_TRANSPORT = ConfigKey.oneOf("dafka.transport", "auto",
        Set.of("auto", "dafka", "kafka"), "Kafka clients: the transport KafkaClientFactory builds (dafka | kafka); "
            + "auto: Dafka when bootstrap.servers starts with dafka://");
    /** Kafka clients only: {@link #BEACON_ADDRESS}, a local interface's address, or {@code auto}. */
    public static final ConfigKey<String> CLIENT_BEACON_ADDRESS = ConfigKey.nonEmpty("dafka.beacon.address", "auto",
        "Kafka clients: beacon.address, an address of this host; auto: the local address of the route to the "
            + "first tower (127.0.0.1 for a loopback tower)");
    /** Kafka clients only: {@link #BEACON_SUB_ADDRESS}; empty: derived from {@code bootstrap.servers}. */
    public static final ConfigKey<List<String>> CLIENT_TOWER_SUB_ENDPOINTS = ConfigKey.list(
        "dafka.tower.sub.endpoints", "", "Kafka clients: tower XSUB endpoints (tcp://host:5556), overriding the "
            + "ones derived from bootstrap.servers");
    /** Kafka clients only: {@link #BEACON_PUB_ADDRESS}; empty: derived from {@code bootstrap.servers}. */
    public static final ConfigKey<List<String>> CLIENT_TOWER_PUB_ENDPOINTS = ConfigKey.list(
        "dafka.tower.pub.endpoints", "", "Kafka clients: tower XPUB endpoints (tcp://host:5557), overriding the "
            + "ones derived from bootstrap.servers");
    /** Kafka clients only: {@link #PRODUCER_HIGH_WATERMARK}; 0 derives it from {@code buffer.memory}. */
    public static final ConfigKey<Long> CLIENT_PRODUCER_HIGH_WATERMARK = ConfigKey.zeroOrRange(
        "dafka.producer.high.watermark", 0, MIN_CLIENT_HIGH_WATERMARK, Integer.MAX_VALUE, "Kafka clients: "
            + "records a producer queues for one peer that stops reading (it fetches the rest from a store); "
            + "0: buffer.memory / 512, at least 1000");
    /** Kafka clients only: how a producer writes a record body. */
    public static final ConfigKey<String> CLIENT_RECORD_FORMAT = ConfigKey.oneOf("dafka.record.format",
        "envelope", Set.of("envelope", "raw"), "Kafka clients: record body: envelope (key, value, headers, "
            + "timestamp) or raw (the value only, for C peers)");
    /** Kafka clients only: what a producer does with an explicit {@code ProducerRecord.partition()}. */
    public static final ConfigKey<String> CLIENT_EXPLICIT_PARTITION = ConfigKey.oneOf(
        "dafka.producer.explicit.partition", "ignore", Set.of("ignore", "reject"), "Kafka clients: an explicit "
            + "ProducerRecord partition: ignore it (WARN once per topic) or reject the send");
    /** Kafka clients only: where a consumer keeps its groups' committed offsets. */
    public static final ConfigKey<String> CLIENT_OFFSETS_DIR = ConfigKey.path("dafka.offsets.dir",
        "~/.dafka/offsets", "Kafka clients: directory of the consumer's local committed-offset store");
    /** Kafka clients only: whether the members of a consumer group share the partitions (Kafka) or each gets all. */
    public static final ConfigKey<String> CLIENT_GROUP_MODE = ConfigKey.oneOf("dafka.consumer.group.mode",
        "split", Set.of("broadcast", "split"), "Kafka clients: subscribe mode: split (the members of a group.id "
            + "share its partitions, as in Kafka) or broadcast (no group membership: every consumer gets every "
            + "partition)");
    /** Kafka Admin only: how long the Admin listens to the mesh before it answers about topics and groups. */
    public static final ConfigKey<Long> CLIENT_ADMIN_LISTEN = ConfigKey.range("dafka.admin.listen.ms", 4000, 0,
        MAX_MILLIS, "Kafka Admin: ms it listens to heads, store summaries and group heartbeats before it answers "
            + "(at least a heartbeat interval of the groups it describes)");
    /** Kafka clients only: where a consumer group's committed offsets are kept. */
    public static final ConfigKey<String> CLIENT_OFFSETS_STORAGE = ConfigKey.oneOf("dafka.consumer.offsets.storage",
        "stores", Set.of("file", "stores"), "Kafka clients: where committed offsets are kept: stores (replicated to "
            + "the Dafka stores, readable from any host) or file (dafka.offsets.dir on this host, for setups with no "
            + "store)");
    /** Kafka clients only: distinct stores that must hold a commit before commitSync returns. */
    public static final ConfigKey<Long> CLIENT_COMMIT_MIN_STORES = ConfigKey.range("dafka.consumer.commit.min.stores",
        1, 1, 255, "Kafka clients, offsets in stores: distinct stores that must hold a commit before commitSync "
            + "returns; committed() reads at least as many");

    /** Every key, for validation and documentation. */
    public static final List<ConfigKey<?>> KEYS = List.of(
        BEACON_INTERVAL, BEACON_TIMEOUT, BEACON_ADDRESS, BEACON_SUB_ADDRESS, BEACON_PUB_ADDRESS,
        BEACON_READY_TIMEOUT, TOWER_SUB_ADDRESS, TOWER_PUB_ADDRESS, PRODUCER_HEAD_INTERVAL,
        PRODUCER_HIGH_WATERMARK, PRODUCER_TERMINATE_UNACKED, PRODUCER_CLOSE_TIMEOUT, CONSUMER_OFFSET_RESET,
        PRODUCER_MIN_STORES,
        CONSUMER_DISCOVERY,
        CONSUMER_HIGH_WATERMARK, CONSUMER_FETCH_MAX_COUNT, CONSUMER_FETCH_RETRY_INTERVAL,
        CONSUMER_REORDER_CAPACITY, CONSUMER_QUEUE_CAPACITY, STORE_DB, STORE_HIGH_WATERMARK,
        STORE_FETCH_MAX_COUNT, STORE_FETCH_RETRY_INTERVAL, STORE_FSYNC, STORE_SEGMENT_BYTES, STORE_SEGMENT_MS,
        STORE_RETENTION_MS, STORE_RETENTION_BYTES, STORE_RETENTION_CHECK_INTERVAL, STORE_INDEX_ENTRIES,
        STORE_RECOVERY_SCAN, STORE_ADOPT, STORE_ADOPT_TIMEOUT, STORE_REPAIR_TIMEOUT, STORE_SCRUB_INTERVAL,
        STORE_SCRUB_RATE, STORE_SYNC_INTERVAL, STORE_OFFSETS_FENCE_WINDOW, STORE_OPEN_FILES, SOCKET_MAX_MESSAGE_SIZE,
        SECURITY_ENABLED, SECURITY_KEY_FILE, SECURITY_SERVER_KEY_FILE, SECURITY_ALLOW_LIST,
        SECURITY_ALLOW_LIST_RELOAD_INTERVAL);

    /**
     * The keys only Kafka-API clients read, under their {@code dafka.*} names; the daemons do not accept them.
     * The clients also read some of {@link #KEYS} under other names (see dafka-kafka-api's client key table).
     */
    public static final List<ConfigKey<?>> CLIENT_KEYS = List.of(CLIENT_TRANSPORT, CLIENT_BEACON_ADDRESS,
        CLIENT_TOWER_SUB_ENDPOINTS, CLIENT_TOWER_PUB_ENDPOINTS, CLIENT_PRODUCER_HIGH_WATERMARK, CLIENT_RECORD_FORMAT,
        CLIENT_EXPLICIT_PARTITION, CLIENT_OFFSETS_DIR, CLIENT_GROUP_MODE, CLIENT_ADMIN_LISTEN,
        CLIENT_OFFSETS_STORAGE, CLIENT_COMMIT_MIN_STORES);

    private static final Map<String, ConfigKey<?>> BY_NAME = new LinkedHashMap<>();

    static
    {
        for (final ConfigKey<?> key : KEYS)
        {
            BY_NAME.put(key.name(), key);
        }
    }

    private final Map<String, Object> values;
    private final Map<String, String> explicit;

    private DafkaConfig(final Map<String, String> explicit)
    {
        final Map<String, Object> parsed = new LinkedHashMap<>();
        for (final ConfigKey<?> key : KEYS)
        {
            parsed.put(key.name(), key.parse(explicit.getOrDefault(key.name(), key.defaultValue())));
        }
        this.values = Collections.unmodifiableMap(parsed);
        this.explicit = Collections.unmodifiableMap(new TreeMap<>(explicit));
        checkRelations();
    }

    /** Checks the rules that involve more than one key. */
    private void checkRelations()
    {
        final long interval = get(BEACON_INTERVAL);
        final long timeout = get(BEACON_TIMEOUT);
        if (timeout <= interval)
        {
            throw new DafkaConfigException(BEACON_TIMEOUT.name(), timeout + " must exceed " + BEACON_INTERVAL.name() +
                " (" + interval + "), or peers are dropped between two beacons");
        }
        if (get(SECURITY_ENABLED))
        {
            checkFile(SECURITY_KEY_FILE, CurveKeyPair::read);
            checkFile(SECURITY_SERVER_KEY_FILE, CurveKeyPair::read);
            checkFile(SECURITY_ALLOW_LIST, AllowList::read);
        }
    }

    /** With security on, {@code key} must name a file that {@code reader} accepts. */
    private void checkFile(final ConfigKey<String> key, final Function<Path, ?> reader)
    {
        final String file = get(key);
        if (file.isEmpty())
        {
            throw new DafkaConfigException(key.name(), "must name a file when " + SECURITY_ENABLED.name() +
                " is true");
        }
        try
        {
            reader.apply(Path.of(file));
        }
        catch (final IllegalArgumentException e)
        {
            throw new DafkaConfigException(key.name(), e.getMessage());
        }
    }

    /** Defaults only. */
    public static DafkaConfig defaults()
    {
        return of(Map.of());
    }

    /**
     * Validates {@code settings} (keys with {@code .} or C's {@code /}).
     *
     * @throws DafkaConfigException naming the first unknown key or invalid value
     */
    public static DafkaConfig of(final Map<String, ?> settings)
    {
        final Map<String, String> normalised = new LinkedHashMap<>();
        settings.forEach((rawKey, value) ->
        {
            final String key = rawKey.replace('/', '.');
            if (!BY_NAME.containsKey(key))
            {
                throw new DafkaConfigException(rawKey, "unknown key; known keys are " + BY_NAME.keySet());
            }
            if (value == null)
            {
                throw new DafkaConfigException(rawKey, "value must not be null");
            }
            normalised.put(key, value.toString());
        });
        return new DafkaConfig(normalised);
    }

    /** Validates {@link Properties}, e.g. read from a file. */
    public static DafkaConfig of(final Properties properties)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return of(settings);
    }

    /** A copy with {@code key} set to {@code value}. */
    public DafkaConfig with(final ConfigKey<?> key, final Object value)
    {
        final Map<String, String> settings = new LinkedHashMap<>(explicit);
        settings.put(key.name(), String.valueOf(value));
        return new DafkaConfig(settings);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(final ConfigKey<T> key)
    {
        return (T)values.get(key.name());
    }

    /** Convenience for integer keys that are used as {@code int} (HWMs, capacities). */
    public int getInt(final ConfigKey<Long> key)
    {
        return (int)Math.min(Integer.MAX_VALUE, get(key));
    }

    /** The settings that were given explicitly, by normalised key. */
    public Map<String, String> explicitSettings()
    {
        return explicit;
    }

    @Override
    public String toString()
    {
        return "DafkaConfig" + explicit;
    }
}
