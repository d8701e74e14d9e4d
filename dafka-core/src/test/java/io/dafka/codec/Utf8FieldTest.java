package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The remembered values of text fields: decoding returns the same {@code String} for bytes seen recently, and
 * whatever values were set or decoded before, the bytes and strings are those of the current value.
 */
class Utf8FieldTest
{
    private final MessageDecoder decoder = new MessageDecoder();

    @Test
    void shouldDecodeTheSameStringInstancesForValuesInRotationUpToTheRememberedCount()
    {
        final int partitions = Utf8Field.REMEMBERED;
        final String[] topics = new String[partitions];
        final String[] addresses = new String[partitions];
        for (int i = 0; i < partitions; i++)
        {
            final Head decoded = (Head)decoder.decode(head(i, i).encode());
            topics[i] = decoded.topic();
            addresses[i] = decoded.address();
        }

        for (int i = 0; i < partitions; i++)
        {
            final Head decoded = (Head)decoder.decode(head(i, partitions + i).encode());
            assertThat(decoded.topic()).isSameAs(topics[i]);
            assertThat(decoded.address()).isSameAs(addresses[i]);
            assertThat(decoded.sequence()).isEqualTo(partitions + i);
        }
    }

    @Test
    void shouldDecodeTheCurrentValuesWhenMoreRotateThanAreRemembered()
    {
        final int partitions = Utf8Field.REMEMBERED + 3;
        for (int n = 0; n < 3 * partitions; n++)
        {
            final Head decoded = (Head)decoder.decode(head(n % partitions, n).encode());
            assertThat(decoded.topic()).isEqualTo(topic(n % partitions));
            assertThat(decoded.address()).isEqualTo(address(n % partitions));
            assertThat(decoded.subject()).isEqualTo(topic(n % partitions));
        }
    }

    @Test
    void shouldEncodeTheBytesOfAFreshMessageWhateverValuesWereSetBefore()
    {
        for (final int partitions : new int[] {Utf8Field.REMEMBERED, Utf8Field.REMEMBERED + 3})
        {
            final String[] topics = new String[partitions];
            final String[] addresses = new String[partitions];
            for (int i = 0; i < partitions; i++)
            {
                topics[i] = topic(i);
                addresses[i] = address(i);
            }
            final Head reused = new Head();
            for (int n = 0; n < 3 * partitions; n++)
            {
                final int i = n % partitions;
                assertThat(reused.set(topics[i], addresses[i], topics[i], n).encode())
                    .as("%d partitions, message %d", partitions, n)
                    .isEqualTo(head(i, n).encode());
            }
        }
    }

    private static Head head(final int partition, final long sequence)
    {
        return new Head().set(topic(partition), address(partition), topic(partition), sequence);
    }

    private static String topic(final int partition)
    {
        return "tópico-" + partition;
    }

    private static String address(final int partition)
    {
        return String.format("%032X", partition * 0x9E3779B97F4A7C15L);
    }
}
