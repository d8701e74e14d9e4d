package io.dafka.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * OFFSET-FETCH-ANSWER (R), a Java-only protocol extension (docs/protocol-extensions.md): one part of a store
 * writer's answer to an OFFSET-FETCH. ZMQ topic = the asking consumer's address; only that consumer subscribes to
 * {@code 'R' + its address}.
 * <pre>
 *   store(string) | request(number-8) | part(number-4) | parts(number-4) | count(number-4) |
 *   count x [subject(string) | partition(string) | offset(number-8) | metadata(longstr) | generation(number-8) |
 *            time(number-8)]
 * </pre>
 * A store answers in {@code parts} messages numbered from 0, each with at most {@link #MAX_ENTRIES} entries (one
 * part with no entry when it holds none of those asked for). Each entry carries the generation it was committed
 * under and when the store stored it (ms since the epoch, the store's clock). Decoding builds a new list.
 */
public final class OffsetFetchAnswer extends DafkaMessage
{
    /** Most entries one part carries. */
    public static final int MAX_ENTRIES = 1000;
    /** Shortest encoded entry: two empty strings, the offset, an empty metadata, the generation and the time. */
    private static final int MIN_ENTRY_LENGTH = 1 + 1 + 8 + 4 + 8 + 8;

    /** One partition's committed offset as a store holds it. */
    public record Entry(String subject, String partition, long offset, String metadata, long generation, long time)
    {
    }

    private final Utf8Field store = new Utf8Field("store");
    private long request;
    private long part;
    private long parts;
    private List<Entry> entries = List.of();
    private List<byte[][]> entriesUtf8;

    public OffsetFetchAnswer()
    {
        super(MessageType.OFFSET_FETCH_ANSWER);
    }

    /**
     * Sets every field, in wire order.
     *
     * @throws IllegalArgumentException if there are more than {@link #MAX_ENTRIES} entries, or an entry, one of
     *                                  its names or its metadata is null
     */
    public OffsetFetchAnswer set(final String consumer, final String store, final long request, final int part,
        final int parts, final List<Entry> entries)
    {
        if (entries.size() > MAX_ENTRIES)
        {
            throw new IllegalArgumentException("an OFFSET-FETCH-ANSWER carries at most " + MAX_ENTRIES + " entries");
        }
        for (final Entry entry : entries)
        {
            OffsetCommit.requireNames(entry == null ? null : entry.subject(), entry == null ? null : entry.partition(),
                entry == null ? null : entry.metadata());
        }
        setTopic(consumer);
        this.store.set(store);
        this.request = request;
        this.part = part;
        this.parts = parts;
        this.entries = List.copyOf(entries);
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

    /** This part's number, from 0. */
    public long part()
    {
        return part;
    }

    /** How many parts the store's answer has. */
    public long parts()
    {
        return parts;
    }

    public List<Entry> entries()
    {
        return entries;
    }

    @Override
    int fieldsLength()
    {
        entriesUtf8 = new ArrayList<>(entries.size());
        int length = 1 + store.shortUtf8().length + 8 + 4 + 4 + 4;
        for (final Entry entry : entries)
        {
            final byte[][] utf8 = OffsetCommit.utf8(entry.subject(), entry.partition(), entry.metadata());
            entriesUtf8.add(utf8);
            length += MIN_ENTRY_LENGTH + utf8[0].length + utf8[1].length + utf8[2].length;
        }
        return length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(store.shortUtf8());
        writer.number8(request);
        writer.number4(part);
        writer.number4(parts);
        writer.number4(entries.size());
        for (int i = 0; i < entries.size(); i++)
        {
            final byte[][] utf8 = entriesUtf8.get(i);
            final Entry entry = entries.get(i);
            writer.string(utf8[0]);
            writer.string(utf8[1]);
            writer.number8(entry.offset());
            writer.longString(utf8[2]);
            writer.number8(entry.generation());
            writer.number8(entry.time());
        }
        entriesUtf8 = null;
    }

    @Override
    void readFields(final FrameReader reader)
    {
        store.readShort(reader);
        request = reader.number8();
        part = reader.number4();
        parts = reader.number4();
        final long count = reader.number4();
        if (count > (reader.frame().length - reader.position()) / MIN_ENTRY_LENGTH)
        {
            throw FrameReader.MALFORMED; // each entry needs at least its fixed bytes
        }
        final List<Entry> decoded = new ArrayList<>((int)count);
        for (long i = 0; i < count; i++)
        {
            decoded.add(new Entry(GroupHeartbeat.readShortString(reader), GroupHeartbeat.readShortString(reader),
                reader.number8(), OffsetCommit.readLongString(reader), reader.number8(), reader.number8()));
        }
        entries = List.copyOf(decoded);
    }
}
