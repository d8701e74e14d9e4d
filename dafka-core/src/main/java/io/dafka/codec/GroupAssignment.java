package io.dafka.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * GROUP-ASSIGNMENT (Y), a Java-only protocol extension (docs/protocol-extensions.md): a consumer group's leader
 * publishes the assignment of one generation: the protocol it chose and every member's opaque assignment bytes.
 * ZMQ topic = the group id; members subscribe to {@code 'Y' + group + NUL}, so a C peer never receives it.
 * <pre>
 *   leader(string) | generation(number-8) | protocol(string) | count(number-4) |
 *   count x [member(string) | assignment(longstr)]
 * </pre>
 * A generation is identified by its number and its leader. One frame carries the whole assignment; it must fit
 * in {@code socket.max_message_size} (64 MiB by default), far above 100 members with thousands of partitions.
 * Decoding builds new lists and arrays, so what a previous decode returned stays valid.
 */
public final class GroupAssignment extends DafkaMessage
{
    /** Shortest encoded member entry: an empty identity and an empty assignment. */
    private static final int MIN_ENTRY_LENGTH = 1 + 4;

    /** One member's identity and its opaque assignment. */
    public record Member(String member, byte[] assignment)
    {
    }

    private final Utf8Field leader = new Utf8Field("leader");
    private final Utf8Field protocol = new Utf8Field("protocol");
    private long generation;
    private List<Member> members = List.of();
    private byte[][] membersUtf8;

    public GroupAssignment()
    {
        super(MessageType.GROUP_ASSIGNMENT);
    }

    /**
     * Sets every field, in wire order.
     *
     * @throws IllegalArgumentException if a member, its identity or its assignment is null
     */
    public GroupAssignment set(final String group, final String leader, final long generation,
        final String protocol, final List<Member> members)
    {
        for (final Member member : members)
        {
            if (member == null || member.member() == null || member.assignment() == null)
            {
                throw new IllegalArgumentException("a member needs an identity and an assignment");
            }
        }
        setTopic(group);
        this.leader.set(leader);
        this.generation = generation;
        this.protocol.set(protocol);
        this.members = List.copyOf(members);
        return this;
    }

    /** The identity of the member that computed this assignment. */
    public String leader()
    {
        return leader.get();
    }

    public long generation()
    {
        return generation;
    }

    /** The protocol (assignor) the leader chose. */
    public String protocol()
    {
        return protocol.get();
    }

    /** Every member of the generation with its assignment. */
    public List<Member> members()
    {
        return members;
    }

    @Override
    int fieldsLength()
    {
        membersUtf8 = new byte[members.size()][];
        int length = 1 + leader.shortUtf8().length + 8 + 1 + protocol.shortUtf8().length + 4;
        for (int i = 0; i < membersUtf8.length; i++)
        {
            membersUtf8[i] = GroupHeartbeat.shortUtf8("member", members.get(i).member());
            length += MIN_ENTRY_LENGTH + membersUtf8[i].length + members.get(i).assignment().length;
        }
        return length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(leader.shortUtf8());
        writer.number8(generation);
        writer.string(protocol.shortUtf8());
        writer.number4(members.size());
        for (int i = 0; i < membersUtf8.length; i++)
        {
            writer.string(membersUtf8[i]);
            writer.longString(members.get(i).assignment());
        }
        membersUtf8 = null;
    }

    @Override
    void readFields(final FrameReader reader)
    {
        leader.readShort(reader);
        generation = reader.number8();
        protocol.readShort(reader);
        final long count = reader.number4();
        if (count > (reader.frame().length - reader.position()) / MIN_ENTRY_LENGTH)
        {
            throw FrameReader.MALFORMED; // each entry needs at least its fixed bytes
        }
        final List<Member> decoded = new ArrayList<>((int)count);
        for (long i = 0; i < count; i++)
        {
            decoded.add(new Member(GroupHeartbeat.readShortString(reader), GroupHeartbeat.readLongBytes(reader)));
        }
        members = List.copyOf(decoded);
    }
}
