package io.dafka.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GROUP-HEARTBEAT (J), a Java-only protocol extension (docs/protocol-extensions.md): a consumer group member
 * tells the other members of its group that it is alive, which generation's assignment it holds, and the
 * protocols (assignor names with opaque metadata) it supports. ZMQ topic = the group id; members subscribe to
 * {@code 'J' + group + NUL}, so a C peer never receives it.
 * <pre>
 *   address(string) | instance(string) | sequence(number-8) | generation(number-8) | leader(string) |
 *   known(number-8) | flags(number-1) | count(number-4) | count x [protocol(string) | metadata(longstr)]
 * </pre>
 * {@code generation} 0 (with an empty {@code leader}) means the member holds nothing; {@code known} is the highest
 * generation number the member has heard of, so a new leader numbers its generation above it. Flag bit 0: leaving.
 * Decoding builds new lists and arrays, so what a previous decode returned stays valid.
 */
public final class GroupHeartbeat extends DafkaMessage
{
    /** Flag bit: the member leaves the group; the others drop it from their view at once. */
    public static final int LEAVING = 0x01;
    /** Shortest encoded protocol entry: an empty name and an empty metadata. */
    private static final int MIN_ENTRY_LENGTH = 1 + 4;

    /** One protocol the member supports, in its order of preference, with its opaque metadata. */
    public record Protocol(String name, byte[] metadata)
    {
    }

    private final Utf8Field address = new Utf8Field("address");
    private final Utf8Field instance = new Utf8Field("instance");
    private final Utf8Field leader = new Utf8Field("leader");
    private long sequence;
    private long generation;
    private long known;
    private int flags;
    private List<Protocol> protocols = List.of();
    private byte[][] namesUtf8;

    public GroupHeartbeat()
    {
        super(MessageType.GROUP_HEARTBEAT);
    }

    /**
     * Sets every field, in wire order.
     *
     * @param instance   the {@code group.instance.id}, or "" for a dynamic member
     * @param generation the generation whose assignment the member holds, 0 for none
     * @param leader     the leader of that generation, "" for none
     * @param known      the highest generation number the member has heard of
     * @throws IllegalArgumentException if a protocol or its name is null
     */
    public GroupHeartbeat set(final String group, final String address, final String instance, final long sequence,
        final long generation, final String leader, final long known, final int flags, final List<Protocol> protocols)
    {
        for (final Protocol protocol : protocols)
        {
            if (protocol == null || protocol.name() == null || protocol.metadata() == null)
            {
                throw new IllegalArgumentException("a protocol needs a name and metadata");
            }
        }
        setTopic(group);
        this.address.set(address);
        this.instance.set(instance);
        this.sequence = sequence;
        this.generation = generation;
        this.leader.set(leader);
        this.known = known;
        this.flags = flags & 0xFF;
        this.protocols = List.copyOf(protocols);
        return this;
    }

    /** The sending member's node address. */
    public String address()
    {
        return address.get();
    }

    /** The member's {@code group.instance.id}, or "" if it is dynamic. */
    public String instance()
    {
        return instance.get();
    }

    /** Counts this member incarnation's heartbeats, so a receiver ignores one older than what it heard. */
    public long sequence()
    {
        return sequence;
    }

    /** The generation whose assignment the member holds, 0 if it holds nothing. */
    public long generation()
    {
        return generation;
    }

    /** The leader of {@link #generation()}, "" if the member holds nothing. */
    public String leader()
    {
        return leader.get();
    }

    /** The highest generation number the member has heard of. */
    public long known()
    {
        return known;
    }

    public int flags()
    {
        return flags;
    }

    /** Whether the member leaves the group. */
    public boolean leaving()
    {
        return (flags & LEAVING) != 0;
    }

    /** The protocols the member supports, in its order of preference. */
    public List<Protocol> protocols()
    {
        return protocols;
    }

    @Override
    int fieldsLength()
    {
        namesUtf8 = new byte[protocols.size()][];
        int length = 1 + address.shortUtf8().length + 1 + instance.shortUtf8().length + 8 + 8 +
            1 + leader.shortUtf8().length + 8 + 1 + 4;
        for (int i = 0; i < namesUtf8.length; i++)
        {
            namesUtf8[i] = shortUtf8("protocol", protocols.get(i).name());
            length += MIN_ENTRY_LENGTH + namesUtf8[i].length + protocols.get(i).metadata().length;
        }
        return length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(address.shortUtf8());
        writer.string(instance.shortUtf8());
        writer.number8(sequence);
        writer.number8(generation);
        writer.string(leader.shortUtf8());
        writer.number8(known);
        writer.number1(flags);
        writer.number4(protocols.size());
        for (int i = 0; i < namesUtf8.length; i++)
        {
            writer.string(namesUtf8[i]);
            writer.longString(protocols.get(i).metadata());
        }
        namesUtf8 = null;
    }

    @Override
    void readFields(final FrameReader reader)
    {
        address.readShort(reader);
        instance.readShort(reader);
        sequence = reader.number8();
        generation = reader.number8();
        leader.readShort(reader);
        known = reader.number8();
        flags = reader.number1();
        final long count = reader.number4();
        if (count > (reader.frame().length - reader.position()) / MIN_ENTRY_LENGTH)
        {
            throw FrameReader.MALFORMED; // each entry needs at least its fixed bytes
        }
        final List<Protocol> decoded = new ArrayList<>((int)count);
        for (long i = 0; i < count; i++)
        {
            decoded.add(new Protocol(readShortString(reader), readLongBytes(reader)));
        }
        protocols = List.copyOf(decoded);
    }

    /** A {@code string} field as a new {@code String}. */
    static String readShortString(final FrameReader reader)
    {
        final int length = reader.number1();
        final int start = reader.skip(length);
        return new String(reader.frame(), start, length, StandardCharsets.UTF_8);
    }

    /** A {@code longstr} field as a new array, checked against the bytes left before allocating. */
    static byte[] readLongBytes(final FrameReader reader)
    {
        final long length = reader.number4();
        final int start = reader.skip(length);
        final byte[] bytes = new byte[(int)length];
        System.arraycopy(reader.frame(), start, bytes, 0, bytes.length);
        return bytes;
    }

    /** The UTF-8 bytes of a {@code string} field, checked against the 255-byte limit. */
    static byte[] shortUtf8(final String name, final String value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(name + " must not be null");
        }
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Wire.MAX_STRING_LENGTH)
        {
            throw new IllegalArgumentException(name + " is " + bytes.length +
                " bytes in UTF-8; the wire format allows at most " + Wire.MAX_STRING_LENGTH);
        }
        return bytes;
    }
}
