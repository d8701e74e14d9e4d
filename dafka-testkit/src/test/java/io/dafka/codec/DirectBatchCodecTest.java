package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * DIRECT-BATCH ('X'), the Java-only batched FETCH answer: the example dump of docs/protocol-extensions.md is what
 * {@code encode()} produces and decodes back to its records; a batch never grows past its bound; malformed frames
 * are dropped with a reason, never thrown.
 */
class DirectBatchCodecTest
{
    private final MessageDecoder decoder = new MessageDecoder();

    /** The example of docs/protocol-extensions.md, section "DIRECT-BATCH ('X')": 47 bytes. */
    static DirectBatch example()
    {
        return new DirectBatch().set("C0FE", "ABCD", "hello", 5).add(ascii("alpha")).add(ascii("beta"));
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldEncodeTheDocumentedExampleByteForByte()
    {
        final DirectBatch example = example();
        final byte[] frame = example.encode();

        assertThat(frame).hasSize(47);
        assertThat(example.frameLength()).isEqualTo(47);
        assertThat(Hex.of(frame)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.DIRECT_BATCH_HEX)));
    }

    @Test
    void shouldDecodeTheDocumentedExampleToItsRecords()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.DIRECT_BATCH_HEX));

        assertThat(message).isInstanceOf(DirectBatch.class);
        final DirectBatch batch = (DirectBatch)message;
        assertThat(batch.type()).isEqualTo(MessageType.DIRECT_BATCH);
        assertThat(batch.topic()).isEqualTo("C0FE");
        assertThat(batch.address()).isEqualTo("ABCD");
        assertThat(batch.subject()).isEqualTo("hello");
        assertThat(batch.count()).isEqualTo(2);
        assertThat(batch.sequence(0)).isEqualTo(5);
        assertThat(batch.content(0)).isEqualTo(ascii("alpha"));
        assertThat(batch.sequence(1)).isEqualTo(6);
        assertThat(batch.content(1)).isEqualTo(ascii("beta"));
        assertThatThrownBy(() -> batch.content(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldRoundTripEmptyAndLongRecordsUntilTheBatchIsFull()
    {
        final DirectBatch batch = new DirectBatch().set("3313F3A8890D4FAD8CA6FBB4BBCEBA8E",
            "D6232FFF9D3C46ECBDA924D1A0CA7E62", "hello", 1_000_000);
        int length = 0;
        while (batch.fits(length))
        {
            final byte[] content = new byte[length];
            Arrays.fill(content, (byte)batch.count());
            batch.add(content);
            length = (length * 7 + 13) % 3000;
        }

        final byte[] frame = batch.encode();
        final DirectBatch decoded = (DirectBatch)decoder.decode(frame);

        assertThat(frame.length).isEqualTo(batch.frameLength()).isLessThanOrEqualTo(DirectBatch.MAX_FRAME_BYTES)
            .isGreaterThan(DirectBatch.MAX_FRAME_BYTES - 3000 - 4);
        assertThat(decoded.count()).isEqualTo(batch.count()).isGreaterThan(40);
        for (int i = 0; i < batch.count(); i++)
        {
            assertThat(decoded.sequence(i)).isEqualTo(1_000_000L + i);
            assertThat(decoded.content(i)).as("record %d", i).isEqualTo(batch.content(i));
        }
    }

    @Test
    void shouldRefuseARecordThatWouldPassTheBound()
    {
        final DirectBatch batch = new DirectBatch().set("C0FE", "ABCD", "hello", 0);
        final int room = DirectBatch.MAX_FRAME_BYTES - batch.frameLength() - 4;

        assertThat(batch.fits(room)).isTrue();
        assertThat(batch.fits(room + 1)).isFalse();
        assertThatThrownBy(() -> batch.add(new byte[room + 1])).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(String.valueOf(DirectBatch.MAX_FRAME_BYTES));
        assertThat(batch.add(new byte[room]).encode()).hasSize(DirectBatch.MAX_FRAME_BYTES);
    }

    @Test
    void shouldStartEmptyAgainWhenSetAgain()
    {
        final DirectBatch batch = example().set("C0FE", "ABCD", "hello", 9).add(ascii("z"));

        final DirectBatch decoded = (DirectBatch)decoder.decode(batch.encode());

        assertThat(decoded.count()).isEqualTo(1);
        assertThat(decoded.sequence(0)).isEqualTo(9);
        assertThat(decoded.content(0)).isEqualTo(ascii("z"));
    }

    @Test
    void shouldDropEveryTruncationOfTheExampleAsTruncated()
    {
        final byte[] frame = Hex.bytes(GoldenFrames.DIRECT_BATCH_HEX);
        for (int length = 7; length < frame.length; length++)
        {
            assertThat(decoder.decode(Arrays.copyOf(frame, length))).as("first %d bytes", length).isNull();
            assertThat(decoder.lastDropReason()).as("first %d bytes", length).isEqualTo(DropReason.TRUNCATED);
        }
    }

    @Test
    void shouldDropACountTheFrameCannotHoldWithoutAllocatingForIt()
    {
        final byte[] frame = Hex.bytes(GoldenFrames.DIRECT_BATCH_HEX);
        frame[26] = (byte)0xFF; // count = 0xFF000002: far more records than the remaining 17 bytes can hold

        assertThat(decoder.decode(frame)).isNull();
        assertThat(decoder.lastDropReason()).isEqualTo(DropReason.TRUNCATED);
    }

    @Test
    void shouldDropARecordLengthBeyondTheFrame()
    {
        final byte[] frame = Hex.bytes(GoldenFrames.DIRECT_BATCH_HEX);
        frame[39] = (byte)0x80; // the second record claims 2^31 + 4 bytes

        assertThat(decoder.decode(frame)).isNull();
        assertThat(decoder.lastDropReason()).isEqualTo(DropReason.TRUNCATED);
    }
}
