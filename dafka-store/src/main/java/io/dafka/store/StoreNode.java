package io.dafka.store;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.dafka.DafkaException;
import io.dafka.agent.AgentHost;
import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;
import io.dafka.journal.OffsetsJournal;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;
import io.dafka.transport.NodeMetrics;

/**
 * A running store: a writer and a reader node (docs/protocol.md#store-writer, #store-reader), each with its own
 * address, beacon, sockets and thread, sharing one {@link RecordStore}.
 *
 * <pre>
 *   try (RecordStore records = DurableRecordStore.open(config);   // or new InMemoryRecordStore()
 *        StoreNode store = StoreNode.start(config, records))
 *   {
 *       ...
 *   }
 * </pre>
 */
public final class StoreNode implements AutoCloseable
{
    private final RecordStore store;
    private final NodeMetrics writerMetrics;
    private final NodeMetrics readerMetrics;
    private final String writerAddress;
    private final String readerAddress;
    private final String writerEndpoint;
    private final String readerEndpoint;
    private final AgentHost writerHost;
    private final AgentHost readerHost;

    private final StoreWriterAgent writer;

    private StoreNode(final RecordStore store, final Clock clock, final DafkaConfig config,
        final StoreHealth.Listener healthListener, final GroupOffsets groupOffsets)
    {
        this.store = store;
        this.writerMetrics = new NodeMetrics();
        this.readerMetrics = new NodeMetrics();
        this.writerAddress = Addresses.newAddress();
        this.readerAddress = Addresses.newAddress();
        final long readyTimeout = config.get(DafkaConfig.BEACON_READY_TIMEOUT);
        this.writer = new StoreWriterAgent(config, store, clock, writerAddress, writerMetrics, healthListener,
            groupOffsets);
        this.writerHost = AgentHost.start(writer, "dafka-store-writer");
        try
        {
            writer.mesh().beacon().awaitWelcome(writerHost, readyTimeout, "store writer");
            final StoreReaderAgent reader =
                new StoreReaderAgent(config, store, readerAddress, writerAddress, readerMetrics);
            this.readerHost = AgentHost.start(reader, "dafka-store-reader");
            reader.mesh().beacon().awaitWelcome(readerHost, readyTimeout, "store reader");
            this.writerEndpoint = writer.mesh().endpoint();
            this.readerEndpoint = reader.mesh().endpoint();
        }
        catch (final RuntimeException e)
        {
            writerHost.close();
            throw e;
        }
    }

    /**
     * Starts the writer and the reader and waits until the tower has welcomed both, for at most
     * {@code beacon.ready_timeout} ms each (C waits forever).
     *
     * @param store records to serve and to append to; the caller keeps ownership and closes it after the node
     * @throws DafkaException naming the tower endpoints if no welcome came in time, or if a socket failed
     */
    public static StoreNode start(final DafkaConfig config, final RecordStore store)
    {
        return start(config, store, StoreHealth.Listener.NONE);
    }

    /**
     * As {@link #start(DafkaConfig, RecordStore)}, telling {@code healthListener} (on the writer's thread) each time
     * the store degrades because writes fail and each time it heals.
     */
    public static StoreNode start(final DafkaConfig config, final RecordStore store,
        final StoreHealth.Listener healthListener)
    {
        return start(config, store, Clock.SYSTEM, healthListener);
    }

    /** As {@link #start(DafkaConfig, RecordStore)}, with FETCH retries timed by {@code clock} (tests). */
    static StoreNode start(final DafkaConfig config, final RecordStore store, final Clock clock)
    {
        return start(config, store, clock, StoreHealth.Listener.NONE);
    }

    /** As {@link #start(DafkaConfig, RecordStore, StoreHealth.Listener)}, with the writer's timers on {@code clock}. */
    static StoreNode start(final DafkaConfig config, final RecordStore store, final Clock clock,
        final StoreHealth.Listener healthListener)
    {
        return start(config, store, clock, healthListener, groupOffsets(store, config, OffsetsJournal.FORCE));
    }

    /** As {@link #start(DafkaConfig, RecordStore, Clock, StoreHealth.Listener)} with the offsets given (tests). */
    static StoreNode start(final DafkaConfig config, final RecordStore store, final Clock clock,
        final StoreHealth.Listener healthListener, final GroupOffsets groupOffsets)
    {
        return new StoreNode(Objects.requireNonNull(store, "store"), clock, Objects.requireNonNull(config, "config"),
            Objects.requireNonNull(healthListener, "healthListener"), groupOffsets);
    }

    /**
     * The consumer groups' committed offsets of a store: in {@code offsets/} beside the records of a durable store,
     * in memory for any other.
     */
    static GroupOffsets groupOffsets(final RecordStore store, final DafkaConfig config, final OffsetsJournal.Sync sync)
    {
        final long fenceWindow = config.get(DafkaConfig.STORE_OFFSETS_FENCE_WINDOW);
        return store instanceof DurableRecordStore durable
            ? GroupOffsets.open(durable.directory().resolve("offsets"), sync, fenceWindow)
            : GroupOffsets.inMemory(fenceWindow);
    }

    /** Whether the store is writing, or degraded because writes fail (then it still serves reads). */
    public StoreHealth health()
    {
        return writer.health();
    }

    /** The writer's node address: the {@code address} of its FETCHes and the topic of its DIRECT-RECORDs. */
    public String writerAddress()
    {
        return writerAddress;
    }

    /** The reader's node address: the topic of CONSUMER-HELLOs to it and the address in its STORE-HELLOs. */
    public String readerAddress()
    {
        return readerAddress;
    }

    /** The writer's bound XPUB (used as a PUB), as JeroMQ reports it, e.g. {@code tcp://127.0.0.1:49152}. */
    public String writerEndpoint()
    {
        return writerEndpoint;
    }

    /** The reader's bound XPUB, as JeroMQ reports it, e.g. {@code tcp://127.0.0.1:49153}. */
    public String readerEndpoint()
    {
        return readerEndpoint;
    }

    /** Counters of the writer: records stored, duplicates, FETCHes and ACKs sent, malformed input. */
    public NodeMetrics writerMetrics()
    {
        return writerMetrics;
    }

    /** Counters of the reader: records served, malformed input. */
    public NodeMetrics readerMetrics()
    {
        return readerMetrics;
    }

    /** Writer and reader counters added up. */
    public Map<Metric, Long> metrics()
    {
        final Map<Metric, Long> sum = new EnumMap<>(Metric.class);
        for (final Metric metric : Metric.values())
        {
            sum.put(metric, writerMetrics.get(metric) + readerMetrics.get(metric));
        }
        return sum;
    }

    /** The record store this node was started with. */
    public RecordStore store()
    {
        return store;
    }

    /**
     * Stops the reader, then the writer, and closes their sockets. Does not close the {@link RecordStore}: the
     * caller owns it. Sends nothing (peers notice through beacon expiry). Idempotent.
     */
    @Override
    public void close()
    {
        try
        {
            readerHost.close();
        }
        finally
        {
            writerHost.close();
        }
    }
}
