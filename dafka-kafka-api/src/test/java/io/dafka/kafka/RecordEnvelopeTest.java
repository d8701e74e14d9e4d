package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class RecordEnvelopeTest
{
    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRoundTripKeyValueHeadersAndTimestamp()
    {
        final List<Header> headers = List.of(new RecordHeader("traceparent", utf8("00-abc")),
            new RecordHeader("__TypeId__", utf8("com.example.Order")));
        final byte[] body = RecordEnvelope.encode(1_700_000_000_123L, utf8("k"), utf8("v"), headers);

        final RecordEnvelope.Decoded decoded = RecordEnvelope.decode(body);

        assertThat(decoded.enveloped()).isTrue();
        assertThat(decoded.timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(decoded.key()).isEqualTo(utf8("k"));
        assertThat(decoded.value()).isEqualTo(utf8("v"));
        assertThat(decoded.headers()).extracting(Header::key).containsExactly("traceparent", "__TypeId__");
        assertThat(decoded.headers()).extracting(Header::value).containsExactly(utf8("00-abc"), utf8("com.example.Order"));
    }

    @Test
    void shouldKeepNullKeyAndNullValueApartFromEmptyOnes()
    {
        final RecordEnvelope.Decoded tombstone = RecordEnvelope.decode(RecordEnvelope.encode(5, null, null, null));
        final RecordEnvelope.Decoded empty = RecordEnvelope.decode(RecordEnvelope.encode(5, new byte[0], new byte[0], null));

        assertThat(tombstone.enveloped()).isTrue();
        assertThat(tombstone.key()).isNull();
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.headers()).isEmpty();
        assertThat(empty.key()).isEmpty();
        assertThat(empty.value()).isEmpty();
    }

    @Test
    void shouldRoundTripHeadersWithNullAndEmptyValuesAndUnicode()
    {
        final List<Header> headers = List.of(new RecordHeader("null-valued", null),
            new RecordHeader("empty", new byte[0]), new RecordHeader("schlüssel-鍵-🔑", utf8("wert-値-✓")));
        final byte[] body = RecordEnvelope.encode(RecordEnvelope.NO_TIMESTAMP, utf8("ключ"), utf8("значение 🚀"),
            headers);

        final RecordEnvelope.Decoded decoded = RecordEnvelope.decode(body);

        assertThat(decoded.enveloped()).isTrue();
        assertThat(decoded.timestamp()).isEqualTo(RecordEnvelope.NO_TIMESTAMP);
        assertThat(new String(decoded.key(), StandardCharsets.UTF_8)).isEqualTo("ключ");
        assertThat(new String(decoded.value(), StandardCharsets.UTF_8)).isEqualTo("значение 🚀");
        assertThat(decoded.headers()).extracting(Header::key).containsExactly("null-valued", "empty", "schlüssel-鍵-🔑");
        assertThat(decoded.headers().get(0).value()).isNull();
        assertThat(decoded.headers().get(1).value()).isEmpty();
        assertThat(decoded.headers().get(2).value()).isEqualTo(utf8("wert-値-✓"));
    }

    @Test
    void shouldLayOutTheHeaderAsDocumented()
    {
        final byte[] body = RecordEnvelope.encode(0x0102030405060708L, null, new byte[] {42}, null);
        final ByteBuffer buffer = ByteBuffer.wrap(body);

        assertThat(Arrays.copyOf(body, 5)).containsExactly(0xDA, 0xFA, 0xCA, 0xFE, 1);
        assertThat(buffer.getLong(RecordEnvelope.TIMESTAMP_OFFSET)).isEqualTo(0x0102030405060708L);
        assertThat(buffer.getInt(RecordEnvelope.KEY_LENGTH_OFFSET)).isEqualTo(-1);
        assertThat(buffer.getInt(21)).isEqualTo(1);
        assertThat(body[25]).isEqualTo((byte)42);
        assertThat(buffer.getInt(26)).isZero();
        assertThat(body).hasSize(RecordEnvelope.OVERHEAD + 1);
    }

    @Test
    void shouldTreatABodyThatLooksLikeAnEnvelopeButFailsItsCrcAsRaw()
    {
        final byte[] body = RecordEnvelope.encode(7, utf8("k"), utf8("value"), null);
        body[body.length - 5] ^= 0x01;

        final RecordEnvelope.Decoded decoded = RecordEnvelope.decode(body);

        assertThat(RecordEnvelope.hasMagic(body)).isTrue();
        assertThat(decoded.enveloped()).isFalse();
        assertThat(decoded.value()).isSameAs(body);
        assertThat(decoded.key()).isNull();
        assertThat(decoded.headers()).isEmpty();
        assertThat(decoded.timestamp()).isEqualTo(RecordEnvelope.NO_TIMESTAMP);
    }

    @Test
    void shouldTreatPlainPayloadsAsRawValues()
    {
        for (final byte[] raw : List.of(new byte[0], utf8("hello"), utf8("{\"json\":true}"), new byte[] {(byte)0xDA}))
        {
            final RecordEnvelope.Decoded decoded = RecordEnvelope.decode(raw);
            assertThat(decoded.enveloped()).isFalse();
            assertThat(decoded.value()).isEqualTo(raw);
        }
    }

    @Test
    void shouldNeverThrowOnTruncatedEnvelopes()
    {
        final byte[] body = RecordEnvelope.encode(9, utf8("key"), utf8("value"),
            List.of(new RecordHeader("h", utf8("x")), new RecordHeader("n", null)));
        for (int length = 0; length < body.length; length++)
        {
            final byte[] truncated = Arrays.copyOf(body, length);
            assertThatCode(() -> RecordEnvelope.decode(truncated)).doesNotThrowAnyException();
            assertThat(RecordEnvelope.decode(truncated).enveloped()).as("prefix of %d bytes", length).isFalse();
        }
        assertThat(RecordEnvelope.decode(body).enveloped()).isTrue();
    }

    @Test
    void shouldNeverThrowOnCorruptLengthsEvenWithAValidCrc()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final byte[] body = RecordEnvelope.encode(9, utf8("key"), utf8("value"), List.of(new RecordHeader("h", null)));
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] corrupt = body.clone();
            final int position = 9 + random.nextInt(body.length - 9);
            corrupt[position] = (byte)random.nextInt(256);
            resealCrc(corrupt);
            assertThatCode(() -> RecordEnvelope.decode(corrupt)).doesNotThrowAnyException();
        }
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            assertThatCode(() -> RecordEnvelope.decode(garbage)).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldRejectTrailingBytesAfterTheLastHeader()
    {
        final byte[] body = RecordEnvelope.encode(1, null, utf8("v"), null);
        final byte[] longer = Arrays.copyOf(body, body.length + 1);
        resealCrc(longer);

        assertThat(RecordEnvelope.decode(longer).enveloped()).isFalse();
    }

    private static void resealCrc(final byte[] body)
    {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body, 9, body.length - 9);
        ByteBuffer.wrap(body).putInt(RecordEnvelope.CRC_OFFSET, (int)crc.getValue());
    }
}
