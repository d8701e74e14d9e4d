package io.dafka.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * OFFSET-FETCH (Q), a Java-only protocol extension (docs/protocol-extensions.md): a consumer asks every store for
 * the offsets its group committed. ZMQ topic = the group id; store writers subscribe to {@code 'Q'}, so a C peer
 * never receives it.
 * <pre>
 *   address(string) | request(number-8) | count(number-4) | count x [subject(string) | partition(string)]
 * </pre>
 * {@code address} is the consumer's, where the stores answer; no partition ({@code count} 0) asks for every
 * partition of the group. Decoding builds a new list.
 */
public final class OffsetFetch extends DafkaMessage
{
    /** Shortest encoded entry: two empty strings. */
    private static final int MIN_ENTRY_LENGTH = 1 + 1;

    /** A partition asked for: topic and partition (producer) address. */
    public record Partition(String subject, String partition)
    {
    }

    private final Utf8Field address = new Utf8Field("address");
    private long request;
    private List<Partition> partitions = List.of();

    public OffsetFetch()
    {
        super(MessageType.OFFSET_FETCH);
    }

    /**
     * Sets every field, in wire order; no partition asks for all of the group's.
     *
     * @throws IllegalArgumentException if a partition or one of its names is null
     */
    public OffsetFetch set(final String group, final String address, final long request,
        final List<Partition> partitions)
    {
        for (final Partition partition : partitions)
        {
            if (partition == null || partition.subject() == null || partition.partition() == null)
            {
                throw new IllegalArgumentException("a partition asked for needs a subject and a partition address");
            }
        }
        setTopic(group);
        this.address.set(address);
        this.request = request;
        this.partitions = List.copyOf(partitions);
        return this;
    }

    /** The asking consumer's address: the ZMQ topic of the answers. */
    public String address()
    {
        return address.get();
    }

    public long request()
    {
        return request;
    }

    /** The partitions asked for; empty for all of the group's. */
    public List<Partition> partitions()
    {
        return partitions;
    }

    @Override
    int fieldsLength()
    {
        int length = 1 + address.shortUtf8().length + 8 + 4;
        for (final Partition partition : partitions)
        {
            length += MIN_ENTRY_LENGTH + GroupHeartbeat.shortUtf8("subject", partition.subject()).length +
                GroupHeartbeat.shortUtf8("partition", partition.partition()).length;
        }
        return length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(address.shortUtf8());
        writer.number8(request);
        writer.number4(partitions.size());
        for (final Partition partition : partitions)
        {
            writer.string(GroupHeartbeat.shortUtf8("subject", partition.subject()));
            writer.string(GroupHeartbeat.shortUtf8("partition", partition.partition()));
        }
    }

    @Override
    void readFields(final FrameReader reader)
    {
        address.readShort(reader);
        request = reader.number8();
        final long count = reader.number4();
        if (count > (reader.frame().length - reader.position()) / MIN_ENTRY_LENGTH)
        {
            throw FrameReader.MALFORMED; // each entry needs at least its fixed bytes
        }
        final List<Partition> decoded = new ArrayList<>((int)count);
        for (long i = 0; i < count; i++)
        {
            decoded.add(new Partition(GroupHeartbeat.readShortString(reader), GroupHeartbeat.readShortString(reader)));
        }
        partitions = List.copyOf(decoded);
    }
}
