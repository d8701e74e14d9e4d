package io.dafka.codec;

/**
 * OFFSET-COMMIT-ACK (P), a Java-only protocol extension (docs/protocol-extensions.md): a store writer's answer to
 * one OFFSET-COMMIT. ZMQ topic = the committing consumer's address; only that consumer subscribes to {@code 'P' +
 * its address}.
 * <pre>
 *   store(string) | request(number-8) | status(number-1) | generation(number-8) | reason(string)
 * </pre>
 * {@link #OK}: the store made the whole commit durable. {@link #FENCED}: it applied none of it because it holds a
 * newer generation ({@code generation}) for one of the partitions. {@link #FAILED}: it applied none of it because
 * it could not write it to its disk. {@code reason} says why in words, empty when OK.
 */
public final class OffsetCommitAck extends DafkaMessage
{
    /** The commit is durable in this store. */
    public static final int OK = 0;
    /** Refused: the store holds a newer generation for one of the partitions. */
    public static final int FENCED = 1;
    /** Refused: the store could not make the commit durable. */
    public static final int FAILED = 2;

    private final Utf8Field store = new Utf8Field("store");
    private final Utf8Field reason = new Utf8Field("reason");
    private long request;
    private int status;
    private long generation;

    public OffsetCommitAck()
    {
        super(MessageType.OFFSET_COMMIT_ACK);
    }

    /** Sets every field, in wire order; the reason must fit a {@code string} (255 bytes). */
    public OffsetCommitAck set(final String consumer, final String store, final long request, final int status,
        final long generation, final String reason)
    {
        setTopic(consumer);
        this.store.set(store);
        this.request = request;
        this.status = status;
        this.generation = generation;
        this.reason.set(reason);
        return this;
    }

    /** The answering store writer's address. */
    public String store()
    {
        return store.get();
    }

    public long request()
    {
        return request;
    }

    /** {@link #OK}, {@link #FENCED} or {@link #FAILED}; other values are from a newer peer, to be read as refused. */
    public int status()
    {
        return status;
    }

    /** With {@link #FENCED}: the newer generation the store holds. */
    public long generation()
    {
        return generation;
    }

    /** Why the commit was refused, in words; empty when OK. */
    public String reason()
    {
        return reason.get();
    }

    @Override
    int fieldsLength()
    {
        return 1 + store.shortUtf8().length + 8 + 1 + 8 + 1 + reason.shortUtf8().length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(store.shortUtf8());
        writer.number8(request);
        writer.number1(status);
        writer.number8(generation);
        writer.string(reason.shortUtf8());
    }

    @Override
    void readFields(final FrameReader reader)
    {
        store.readShort(reader);
        request = reader.number8();
        status = reader.number1();
        generation = reader.number8();
        reason.readShort(reader);
    }
}
