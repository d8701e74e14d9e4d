package io.dafka.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CONSUMER-HELLO (W): a consumer tells a store reader which topics it wants heads for.
 * ZMQ topic = store reader address.
 * <pre>
 *   address(string) | subjects(number-4 count, then count x longstr)
 * </pre>
 */
public final class ConsumerHello extends DafkaMessage
{
    private final Utf8Field address = new Utf8Field("address");
    private List<String> subjects = List.of();
    private byte[][] subjectsUtf8;

    public ConsumerHello()
    {
        super(MessageType.CONSUMER_HELLO);
    }

    /** Sets every field, in wire order. */
    public ConsumerHello set(final String topic, final String address, final List<String> subjects)
    {
        if (subjects == null || subjects.stream().anyMatch(subject -> subject == null))
        {
            throw new IllegalArgumentException("subjects must not be null and must not contain null");
        }
        setTopic(topic);
        this.address.set(address);
        this.subjects = List.copyOf(subjects);
        this.subjectsUtf8 = null;
        return this;
    }

    /** The consumer address. */
    public String address()
    {
        return address.get();
    }

    /** The topics whose heads the consumer wants; empty for a consumer that starts at the latest record. */
    public List<String> subjects()
    {
        return subjects;
    }

    @Override
    int fieldsLength()
    {
        subjectsUtf8 = new byte[subjects.size()][];
        int length = 1 + address.shortUtf8().length + 4;
        for (int i = 0; i < subjectsUtf8.length; i++)
        {
            subjectsUtf8[i] = subjects.get(i).getBytes(StandardCharsets.UTF_8);
            length += 4 + subjectsUtf8[i].length;
        }
        return length;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        writer.string(address.shortUtf8());
        writer.number4(subjectsUtf8.length);
        for (final byte[] subject : subjectsUtf8)
        {
            writer.longString(subject);
        }
    }

    @Override
    void readFields(final FrameReader reader)
    {
        address.readShort(reader);
        final long count = reader.number4();
        if (count > (reader.frame().length - reader.position()) / 4)
        {
            throw FrameReader.MALFORMED; // each longstr needs at least its 4 length bytes
        }
        final List<String> decoded = new ArrayList<>((int)count);
        for (long i = 0; i < count; i++)
        {
            final long length = reader.number4();
            final int start = reader.skip(length);
            decoded.add(new String(reader.frame(), start, (int)length, StandardCharsets.UTF_8));
        }
        subjects = List.copyOf(decoded);
        subjectsUtf8 = null;
    }
}
