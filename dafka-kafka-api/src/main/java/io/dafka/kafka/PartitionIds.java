package io.dafka.kafka;

/**
 * The Kafka partition number of a Dafka partition: the first 31 bits of the partition (producer) address, so that
 * the producer and every consumer compute the same number without coordination
 * (docs/protocol.md#kafka-partition-numbers).
 */
public final class PartitionIds
{
    private static final int HEX_DIGITS = 8;

    private PartitionIds()
    {
    }

    /**
     * {@code Integer.parseUnsignedInt(address.substring(0, 8), 16) & 0x7fffffff}.
     *
     * @throws IllegalArgumentException if {@code address} does not start with 8 hex digits
     */
    public static int of(final String address)
    {
        if (address == null || address.length() < HEX_DIGITS)
        {
            throw new IllegalArgumentException("not a Dafka address: " + address);
        }
        try
        {
            return Integer.parseUnsignedInt(address.substring(0, HEX_DIGITS), 16) & 0x7fffffff;
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("not a Dafka address: " + address, e);
        }
    }
}
