package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * STORE-HEADS ('S'), the Java-only store summary: the example dump of docs/protocol-extensions.md is what
 * {@code encode()} produces and decodes back to its fields; malformed frames are dropped, never thrown.
 */
class StoreHeadsCodecTest
{
    /** The example of docs/protocol-extensions.md, section "STORE-HEADS ('S')": 70 bytes. */

    private final MessageDecoder decoder = new MessageDecoder();

    private static StoreHeads example()
    {
        return new StoreHeads().set("57E0", "5701").add("hello", "ABCD", 0, 5).add("world", "C0FE", 3, 256);
    }

    @Test
    void shouldEncodeTheDocumentedExampleByteForByte()
    {
        final byte[] frame = example().encode();

        assertThat(frame).hasSize(70);
        assertThat(Hex.of(frame)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.STORE_HEADS_HEX)));
    }

    @Test
    void shouldDecodeTheDocumentedExampleToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.STORE_HEADS_HEX));

        assertThat(message).isInstanceOf(StoreHeads.class);
        final StoreHeads heads = (StoreHeads)message;
        assertThat(heads.type()).isEqualTo(MessageType.STORE_HEADS);
        assertThat(heads.topic()).isEqualTo("57E0");
        assertThat(heads.address()).isEqualTo("5701");
        assertThat(heads.count()).isEqualTo(2);
        assertThat(heads.subject(0)).isEqualTo("hello");
        assertThat(heads.partition(0)).isEqualTo("ABCD");
        assertThat(heads.first(0)).isZero();
        assertThat(heads.head(0)).isEqualTo(5);
        assertThat(heads.subject(1)).isEqualTo("world");
        assertThat(heads.partition(1)).isEqualTo("C0FE");
        assertThat(heads.first(1)).isEqualTo(3);
        assertThat(heads.head(1)).isEqualTo(256);
    }

    @Test
    void shouldRoundTripAFullChunkOfMaxEntries()
    {
        final StoreHeads full = new StoreHeads().set("reader", "writer");
        for (int i = 0; i < StoreHeads.MAX_ENTRIES; i++)
        {
            full.add("topic-" + i, "partition-" + i, i, 2L * i);
        }

        final StoreHeads decoded = (StoreHeads)decoder.decode(full.encode());

        assertThat(full.isFull()).isTrue();
        assertThat(decoded.count()).isEqualTo(StoreHeads.MAX_ENTRIES);
        assertThat(decoded.subject(999)).isEqualTo("topic-999");
        assertThat(decoded.partition(999)).isEqualTo("partition-999");
        assertThat(decoded.first(999)).isEqualTo(999);
        assertThat(decoded.head(999)).isEqualTo(1998);
    }

    @Test
    void shouldRoundTripAnEmptySummary()
    {
        final StoreHeads decoded = (StoreHeads)decoder.decode(new StoreHeads().set("r", "w").encode());

        assertThat(decoded.address()).isEqualTo("w");
        assertThat(decoded.count()).isZero();
    }

    @Test
    void shouldRefuseAnEntryBeyondMaxEntries()
    {
        final StoreHeads full = new StoreHeads().set("r", "w");
        for (int i = 0; i < StoreHeads.MAX_ENTRIES; i++)
        {
            full.add("t", "p", 0, 0);
        }

        assertThatThrownBy(() -> full.add("t", "p", 0, 0)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("1000");
    }

    @Test
    void shouldRefuseANameLongerThan255BytesNamingTheField()
    {
        final StoreHeads heads = new StoreHeads().set("r", "w");

        assertThatThrownBy(() -> heads.add("t".repeat(256), "p", 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> heads.add("t", null, 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition");
    }

    @Test
    void shouldDropEveryTruncationOfTheExampleAsTruncated()
    {
        final byte[] frame = Hex.bytes(GoldenFrames.STORE_HEADS_HEX);
        for (int length = 7; length < frame.length; length++)
        {
            assertThat(decoder.decode(Arrays.copyOf(frame, length))).as("first %d bytes", length).isNull();
            assertThat(decoder.lastDropReason()).as("first %d bytes", length).isEqualTo(DropReason.TRUNCATED);
        }
    }

    @Test
    void shouldDropACountTheFrameCannotHoldWithoutAllocatingForIt()
    {
        final byte[] frame = Hex.bytes(GoldenFrames.STORE_HEADS_HEX);
        frame[12] = (byte)0xFF; // count = 0xFF000002: far more entries than the remaining 54 bytes can hold

        assertThat(decoder.decode(frame)).isNull();
        assertThat(decoder.lastDropReason()).isEqualTo(DropReason.TRUNCATED);
    }
}
