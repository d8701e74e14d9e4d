package io.dafka.codec;

/**
 * FETCH (F): a request for {@code count} records of a partition starting at {@code sequence}.
 * ZMQ topic = partition (producer) address; address = requester (consumer or store writer).
 * <pre>
 *   address(string) | subject(string) | sequence(number-8) | count(number-4)
 * </pre>
 */
public final class Fetch extends PartitionMessage
{
    private long count;

    public Fetch()
    {
        super(MessageType.FETCH);
    }

    /** Sets every field, in wire order. {@code count} is unsigned 32-bit. */
    public Fetch set(final String topic, final String address, final String subject, final long sequence,
        final long count)
    {
        if (count < 0 || count > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException("count must fit in an unsigned 32-bit number: " + count);
        }
        setFields(topic, address, subject, sequence);
        this.count = count;
        return this;
    }

    /** How many records are wanted, from {@link #sequence()} on. */
    public long count()
    {
        return count;
    }

    @Override
    int fieldsLength()
    {
        return super.fieldsLength() + 4;
    }

    @Override
    void writeFields(final FrameWriter writer)
    {
        super.writeFields(writer);
        writer.number4(count);
    }

    @Override
    void readFields(final FrameReader reader)
    {
        super.readFields(reader);
        count = reader.number4();
    }
}
