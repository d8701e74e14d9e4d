package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.dafka.transport.Addresses;

class PartitionIdsTest
{
    @Test
    void shouldTakeTheFirst31BitsOfTheAddress()
    {
        assertThat(PartitionIds.of("0000000100000000000000000000000A")).isEqualTo(1);
        assertThat(PartitionIds.of("7FFFFFFF00000000000000000000000A")).isEqualTo(Integer.MAX_VALUE);
        assertThat(PartitionIds.of("FFFFFFFF00000000000000000000000A")).isEqualTo(Integer.MAX_VALUE);
        assertThat(PartitionIds.of("80000000FFFFFFFFFFFFFFFFFFFFFFFF")).isZero();
        assertThat(PartitionIds.of("DEADBEEF00000000000000000000000A")).isEqualTo(0x5EADBEEF);
        assertThat(PartitionIds.of("deadbeef00000000000000000000000a")).isEqualTo(0x5EADBEEF);
    }

    @Test
    void shouldGiveEveryAddressANonNegativeStableId()
    {
        for (int i = 0; i < 1000; i++)
        {
            final String address = Addresses.newAddress();
            assertThat(PartitionIds.of(address)).isNotNegative().isEqualTo(PartitionIds.of(address));
        }
    }

    @Test
    void shouldRejectWhatIsNotAnAddress()
    {
        assertThatThrownBy(() -> PartitionIds.of(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionIds.of("ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionIds.of("XYZXYZXY00000000")).isInstanceOf(IllegalArgumentException.class);
    }
}
