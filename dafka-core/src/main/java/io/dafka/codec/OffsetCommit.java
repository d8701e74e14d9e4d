package io.dafka.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OFFSET-COMMIT (O), a Java-only protocol extension (docs/protocol-extensions.md): a consumer asks every store to
 * keep the offsets its group committed. ZMQ topic = the group id; store writers subscribe to {@code 'O'}, so a C
 * peer never receives it.
 * <pre>
 *   address(string) | member(string) | generation(number-8) | request(number-8) | count(number-4) |
 *   count x [subject(string) | partition(string) | offset(number-8) | metadata(longstr)]
 * </pre>
 * {@code address} is the consumer's, where the stores answer; {@code member} its identity in the group and
 * {@code generation} the generation it holds ({@link #NO_GENERATION}, all ones on the wire, without group
 * management). One message is one commit: a store applies all of it or none. Decoding builds a new list.
 */
public final class OffsetCommit extends DafkaMessage
{
    /** The generation of a commit made without group management: -1, all ones on the wire. */
    public static final long NO_GENERATION = -1;
    /** Shortest encoded entry: two empty strings, the offset and an empty metadata. */
    private static final int MIN_ENTRY_LENGTH = 1 + 1 + 8 + 4;

    /** One partition's committed offset and the application's metadata. */
    public record Entry(String subject, String partition, long offset, String metadata)
    {
    }

    private final Utf8Field address = new Utf8Field("address");
    private final Utf8Field member = new Utf8Field("member");
    private long generation;
    private long request;
    private List<Entry> entries = List.of();
    private List<byte[][]> entriesUtf8;

    public OffsetCommit()
    {
        super(MessageType.OFFSET_COMMIT);
    }

    /**
     * Sets every field, in wire order.
     *
     * @throws IllegalArgumentException if an entry or one of its names or its metadata is null
     */
    public OffsetCommit set(final String group, final String address, final String member, final long generation,
        final long request, final List<Entry> entries)
    {
        for (final Entry entry : entries)
        {
            requireNames(entry == null ? null : entry.subject(), entry == null ? null : entry.partition(),
                entry == null ? null : entry.metadata());
        }
        setTopic(group);
        this.address.set(address);
        this.member.set(member);
        this.generation = generation;
        this.request = request;
        this.entries = List.copyOf(entries);
        return this;
    }

    /** The committing consumer's address: the ZMQ topic of the answers. */
    public String address()
    {
        return address.get();
    }

    /** The committing member's identity in its group; empty without group management. */
    public String member()
    {
        return member.get();
    }

    /** The generation the member holds; {@link #NO_GENERATION} without group management. */
    public long generation()
    {
        return generation;
    }

    /** The consumer's number for this request, repeated in the answers. */
    public long request()
    {
        return request;
    }

    public List<Entry> entries()
    {
        return entries;
    }

    @Override
    int fieldsLength()
    {
        entriesUtf8 = new ArrayList<>(entries.size());
        int length = 1 + address.shortUtf8().length + 1 + member.shortUtf8().length + 8 + 8 + 4;
        for (final Entry entry : entries)
        {
            final byte[][] utf8 = utf8(entry.subject(), entry.partition(), entry.metadata());
            entriesUtf8.add(utf8);
            length += MIN_ENTRY_LENGTH + utf8[0].length + utf8[1].length + utf8[2].length;
        }
        return length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(address.shortUtf8());
        writer.string(member.shortUtf8());
        writer.number8(generation);
        writer.number8(request);
        writer.number4(entries.size());
        for (int i = 0; i < entries.size(); i++)
        {
            final byte[][] utf8 = entriesUtf8.get(i);
            writer.string(utf8[0]);
            writer.string(utf8[1]);
            writer.number8(entries.get(i).offset());
            writer.longString(utf8[2]);
        }
        entriesUtf8 = null;
    }

    @Override
    void readFields(final FrameReader reader)
    {
        address.readShort(reader);
        member.readShort(reader);
        generation = reader.number8();
        request = reader.number8();
        final long count = reader.number4();
        if (count > (reader.frame().length - reader.position()) / MIN_ENTRY_LENGTH)
        {
            throw FrameReader.MALFORMED; // each entry needs at least its fixed bytes
        }
        final List<Entry> decoded = new ArrayList<>((int)count);
        for (long i = 0; i < count; i++)
        {
            decoded.add(new Entry(GroupHeartbeat.readShortString(reader), GroupHeartbeat.readShortString(reader),
                reader.number8(), readLongString(reader)));
        }
        entries = List.copyOf(decoded);
    }

    /** Checks an entry's names and metadata (of a commit or of an answer). */
    static void requireNames(final String subject, final String partition, final String metadata)
    {
        if (subject == null || partition == null || metadata == null)
        {
            throw new IllegalArgumentException("an offset entry needs a subject, a partition and a metadata");
        }
    }

    /** The UTF-8 of an entry's subject and partition ({@code string}s, checked) and metadata ({@code longstr}). */
    static byte[][] utf8(final String subject, final String partition, final String metadata)
    {
        return new byte[][] {GroupHeartbeat.shortUtf8("subject", subject),
            GroupHeartbeat.shortUtf8("partition", partition), metadata.getBytes(StandardCharsets.UTF_8)};
    }

    /** A {@code longstr} field as UTF-8 text. */
    static String readLongString(final FrameReader reader)
    {
        return new String(GroupHeartbeat.readLongBytes(reader), StandardCharsets.UTF_8);
    }
}
