package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input. Decoding: every discard rule of docs/protocol.md#dropped-frames yields {@code null} with the matching
 * {@link DropReason}, and nothing ever escapes the decoder. Encoding: values the wire format cannot carry are
 * refused with an {@link IllegalArgumentException} that names the field.
 */
class CodecMalformedInputTest
{
    private static final Set<Byte> KNOWN_IDS = Set.of(
        (byte)'M', (byte)'D', (byte)'F', (byte)'K', (byte)'H', (byte)'E', (byte)'G', (byte)'W', (byte)'L',
        (byte)'S', (byte)'A', (byte)'J', (byte)'Y', (byte)'X', (byte)'O', (byte)'P', (byte)'Q', (byte)'R');

    private final MessageDecoder decoder = new MessageDecoder();

    /** Decodes and checks that the frame was dropped for {@code reason}, without any exception escaping. */
    private void assertDropped(final byte[] frame, final DropReason reason, final String description)
    {
        final DafkaMessage[] result = new DafkaMessage[1];
        assertThatCode(() -> result[0] = decoder.decode(frame)).as(description).doesNotThrowAnyException();
        assertThat(result[0]).as(description).isNull();
        assertThat(decoder.lastDropReason()).as(description).isEqualTo(reason);
    }

    private static byte[] golden(final String name)
    {
        return GoldenFrames.all().get(name);
    }

    // ---------------------------------------------------------------- shorter than 3 bytes

    @Test
    void shouldDropNullFrameAsTooShort()
    {
        assertDropped(null, DropReason.TOO_SHORT, "null");
    }

    @Test
    void shouldDropEmptyFrameAsTooShort()
    {
        assertDropped(new byte[0], DropReason.TOO_SHORT, "empty");
    }

    @Test
    void shouldDropOneAndTwoByteFramesAsTooShort()
    {
        assertDropped(new byte[] {'M'}, DropReason.TOO_SHORT, "M");
        assertDropped(new byte[] {'M', 0x00}, DropReason.TOO_SHORT, "M NUL");
        assertDropped(new byte[] {0x00, 0x01}, DropReason.TOO_SHORT, "NUL 01");
        assertDropped(new byte[] {'Z', 'Z'}, DropReason.TOO_SHORT, "ZZ");
    }

    // ---------------------------------------------------------------- no NUL after the id

    @Test
    void shouldDropFrameWithoutTopicTerminator()
    {
        assertDropped(Hex.bytes("4d 68 65 6c 6c 6f"), DropReason.NO_TOPIC_TERMINATOR, "M hello");
        assertDropped(Hex.bytes("4d 01 01"), DropReason.NO_TOPIC_TERMINATOR, "M 01 01");
        assertDropped(Hex.bytes("47 'hello' 01 04 'C0FE'"), DropReason.NO_TOPIC_TERMINATOR, "GET-HEADS without NUL");
    }

    @Test
    void shouldDropFrameEndingRightAfterTheTopicTerminatorAsTruncated()
    {
        assertDropped(Hex.bytes("4d 'hello' 00"), DropReason.TRUNCATED, "no version byte");
        assertDropped(Hex.bytes("4c 'x' 00"), DropReason.TRUNCATED, "no version byte, 3 bytes");
    }

    // ---------------------------------------------------------------- bad version

    @ParameterizedTest(name = "version 0x{0}")
    @ValueSource(strings = {"00", "02", "30", "ff", "a5"})
    void shouldDropEveryGoldenFrameWithAWrongVersionByte(final String version)
    {
        for (final Map.Entry<String, byte[]> golden : GoldenFrames.all().entrySet())
        {
            final byte[] frame = golden.getValue().clone();
            int versionAt = 1;
            while (frame[versionAt] != 0x00)
            {
                versionAt++;
            }
            versionAt++;
            assertThat(frame[versionAt]).as(golden.getKey()).isEqualTo((byte)0x01);
            frame[versionAt] = (byte)Integer.parseInt(version, 16);

            assertDropped(frame, DropReason.BAD_VERSION, golden.getKey() + " with version 0x" + version);
        }
    }

    @Test
    void shouldDropRfcStyleSignatureAsBadVersion()
    {
        // RFC 46 describes a signature 0xAA 0xA5 that C never sends; after "M hello NUL" it is not version 1
        assertDropped(Hex.bytes("4d 'hello' 00 aa a5 01 04 'ABCD'"), DropReason.BAD_VERSION, "signature");
    }

    // ---------------------------------------------------------------- unknown id

    @Test
    void shouldDropNamedUnknownIds()
    {
        assertDropped(Hex.bytes("'Z' 'hello' 00 01 04 'ABCD'"), DropReason.UNKNOWN_ID, "Z");
        assertDropped(Hex.bytes("'B' 'hello' 00 01 04 'ABCD'"), DropReason.UNKNOWN_ID, "B (beacon)");
        assertDropped(Hex.bytes("'m' 'hello' 00 01 04 'ABCD'"), DropReason.UNKNOWN_ID, "lower-case m");
        assertDropped(Hex.bytes("80 'hello' 00 01 04 'ABCD'"), DropReason.UNKNOWN_ID, "0x80");
        assertDropped(Hex.bytes("cd 'hello' 00 01 04 'ABCD'"), DropReason.UNKNOWN_ID, "0xCD = 'M' | 0x80");
        assertDropped(Hex.bytes("ff 'hello' 00 01 04 'ABCD'"), DropReason.UNKNOWN_ID, "0xFF");
    }

    @Test
    void shouldDropEveryIdOutsideTheKnownTypes()
    {
        final Map<Byte, byte[]> goldenById = new HashMap<>();
        for (final byte[] golden : GoldenFrames.all().values())
        {
            goldenById.put(golden[0], golden);
        }
        assertThat(goldenById.keySet()).isEqualTo(KNOWN_IDS);

        int unknown = 0;
        for (int id = 0; id < 256; id++)
        {
            if (KNOWN_IDS.contains((byte)id))
            {
                final DafkaMessage message = decoder.decode(goldenById.get((byte)id));
                assertThat(message).as("id 0x%02x", id).isNotNull();
                assertThat(message.type().id()).isEqualTo((byte)id);
            }
            else
            {
                for (final byte[] golden : goldenById.values())
                {
                    final byte[] frame = golden.clone();
                    frame[0] = (byte)id;
                    assertDropped(frame, DropReason.UNKNOWN_ID, String.format("id 0x%02x", id));
                }
                unknown++;
            }
        }
        assertThat(unknown).isEqualTo(256 - KNOWN_IDS.size());
    }

    // ---------------------------------------------------------------- a field runs past the end

    @Test
    void shouldDropEveryTruncationOfEveryGoldenFrame()
    {
        for (final Map.Entry<String, byte[]> golden : GoldenFrames.all().entrySet())
        {
            final byte[] full = golden.getValue();
            for (int length = 0; length < full.length; length++)
            {
                final byte[] frame = Arrays.copyOf(full, length);
                final DropReason expected;
                if (length < 3)
                {
                    expected = DropReason.TOO_SHORT;
                }
                else if (indexOfNul(frame) < 0)
                {
                    expected = DropReason.NO_TOPIC_TERMINATOR;
                }
                else
                {
                    expected = DropReason.TRUNCATED;
                }
                assertDropped(frame, expected, golden.getKey() + " cut to " + length + " of " + full.length);
            }
        }
    }

    @Test
    void shouldDropEveryTruncationOfTheScenarioFramesOfAllNineTypes()
    {
        final String life = "Life is short but Now lasts for ever";
        final List<DafkaMessage> messages = List.of(
            new Record().set("Hello", life, life, 123, new byte[0]),
            new DirectRecord().set("Hello", life, life, 123, new byte[0]),
            new Fetch().set("Hello", life, life, 123, 123),
            new Ack().set("Hello", life, 123),
            new Head().set("Hello", life, life, 123),
            new DirectHead().set("Hello", life, life, 123),
            new GetHeads().set("Hello", life),
            new ConsumerHello().set("Hello", life, List.of("Name: Brutus", "Age: 43")),
            new StoreHello().set("Hello", life));
        for (final DafkaMessage message : messages)
        {
            final byte[] full = message.encode();
            for (int length = 3 + "Hello".length(); length < full.length; length++)
            {
                assertDropped(Arrays.copyOf(full, length), DropReason.TRUNCATED,
                    message.type() + " cut to " + length + " of " + full.length);
            }
        }
    }

    @Test
    void shouldDropStringWhoseLengthByteClaimsMoreThanTheFrameHolds()
    {
        // STORE-HELLO whose address says 255 bytes but carries 4
        assertDropped(Hex.bytes("4c 'C0FE' 00 01 ff '57E0'"), DropReason.TRUNCATED, "address length 255");
        // HEAD whose subject says 6 bytes: the sequence then has only 7 of its 8 bytes
        assertDropped(Hex.bytes("48 'hello' 00 01 04 'ABCD' 06 'hello' 00 00 00 00 00 00 00 05"),
            DropReason.TRUNCATED, "subject length 6");
    }

    @Test
    void shouldAcceptTrailingBytesAfterTheLastFieldAsC()
    {
        final byte[] frame = Hex.bytes(GoldenFrames.GET_HEADS_HEX + " de ad be ef");

        final DafkaMessage message = decoder.decode(frame);

        assertThat(message).isInstanceOf(GetHeads.class);
        assertThat(((GetHeads)message).address()).isEqualTo("C0FE");
        assertThat(decoder.lastDropReason()).isNull();
    }

    // ---------------------------------------------------------------- CONSUMER-HELLO counts and lengths

    @ParameterizedTest(name = "subject count 0x{0}")
    @ValueSource(strings = {"ffffffff", "80000000", "7fffffff", "00010000", "00000003"})
    void shouldDropConsumerHelloWithMoreSubjectsThanTheFrameHolds(final String count)
    {
        // two real subjects follow, whatever the count says
        final byte[] frame = Hex.bytes("57 '57E0' 00 01 04 'C0FE' " + count +
            " 00 00 00 05 'hello' 00 00 00 05 'world'");

        assertDropped(frame, DropReason.TRUNCATED, "count " + count);
    }

    @ParameterizedTest(name = "longstr length 0x{0}")
    @ValueSource(strings = {"ffffffff", "80000000", "7fffffff", "00000006"})
    void shouldDropConsumerHelloWithAHugeSubjectLength(final String length)
    {
        final byte[] frame = Hex.bytes("57 '57E0' 00 01 04 'C0FE' 00 00 00 01 " + length + " 'hello'");

        assertDropped(frame, DropReason.TRUNCATED, "length " + length);
    }

    @Test
    void shouldDropConsumerHelloWhoseSecondSubjectIsHuge()
    {
        final byte[] frame = Hex.bytes("57 '57E0' 00 01 04 'C0FE' 00 00 00 02 00 00 00 05 'hello' ff ff ff ff 'world'");

        assertDropped(frame, DropReason.TRUNCATED, "second subject length 0xFFFFFFFF");
    }

    // ---------------------------------------------------------------- state after a drop

    @Test
    void shouldDecodeCorrectlyAfterADroppedFrameAndClearTheDropReason()
    {
        assertThat(decoder.decode(golden("HEAD"))).isNotNull();
        final byte[] cut = Arrays.copyOf(Hex.bytes(GoldenFrames.CAPTURED_HEAD_HEX), 45);
        assertDropped(cut, DropReason.TRUNCATED, "captured HEAD cut after its address");

        final DafkaMessage message = decoder.decode(golden("HEAD"));

        assertThat(decoder.lastDropReason()).isNull();
        assertThat(message).isInstanceOf(Head.class);
        final Head head = (Head)message;
        assertThat(head.topic()).isEqualTo("hello");
        assertThat(head.address()).isEqualTo("ABCD");
        assertThat(head.subject()).isEqualTo("hello");
        assertThat(head.sequence()).isEqualTo(5);
    }

    // ---------------------------------------------------------------- encode side

    @Test
    void shouldRefuseAddressOver255BytesNamingTheField()
    {
        final String tooLong = "a".repeat(256);

        assertThatThrownBy(() -> new Record().set("t", tooLong, "s", 0, new byte[0]).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address").hasMessageContaining("256");
        assertThatThrownBy(() -> new DirectRecord().set("t", tooLong, "s", 0, new byte[0]).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> new Fetch().set("t", tooLong, "s", 0, 1).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> new Head().set("t", tooLong, "s", 0).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> new DirectHead().set("t", tooLong, "s", 0).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> new GetHeads().set("t", tooLong).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> new ConsumerHello().set("t", tooLong, List.of()).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> new StoreHello().set("t", tooLong).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
    }

    @Test
    void shouldRefuseSubjectOver255BytesNamingTheField()
    {
        final String tooLong = "s".repeat(300);

        assertThatThrownBy(() -> new Record().set("t", "a", tooLong, 0, new byte[0]).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject").hasMessageContaining("300");
        assertThatThrownBy(() -> new DirectRecord().set("t", "a", tooLong, 0, new byte[0]).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> new Fetch().set("t", "a", tooLong, 0, 1).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> new Ack().set("t", tooLong, 0).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> new Head().set("t", "a", tooLong, 0).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> new DirectHead().set("t", "a", tooLong, 0).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    }

    @Test
    void shouldApplyThe255ByteLimitToTheUtf8LengthNotTheCharCount()
    {
        final String chars128bytes256 = "é".repeat(128);
        assertThat(chars128bytes256).hasSize(128);

        assertThatThrownBy(() -> new Head().set("t", chars128bytes256, "s", 0).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address").hasMessageContaining("256");
        assertThatThrownBy(() -> new Ack().set("t", chars128bytes256, 0).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    }

    @Test
    void shouldRefuseNullFieldsNamingTheField()
    {
        final List<Supplier<DafkaMessage>> nullTopic = List.of(
            () -> new Record().set(null, "a", "s", 0, new byte[0]),
            () -> new DirectRecord().set(null, "a", "s", 0, new byte[0]),
            () -> new Fetch().set(null, "a", "s", 0, 1),
            () -> new Ack().set(null, "s", 0),
            () -> new Head().set(null, "a", "s", 0),
            () -> new DirectHead().set(null, "a", "s", 0),
            () -> new GetHeads().set(null, "a"),
            () -> new ConsumerHello().set(null, "a", List.of()),
            () -> new StoreHello().set(null, "a"));
        for (final Supplier<DafkaMessage> message : nullTopic)
        {
            assertThatThrownBy(() -> message.get().encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
        }

        final List<Supplier<DafkaMessage>> nullAddress = List.of(
            () -> new Record().set("t", null, "s", 0, new byte[0]),
            () -> new DirectRecord().set("t", null, "s", 0, new byte[0]),
            () -> new Fetch().set("t", null, "s", 0, 1),
            () -> new Head().set("t", null, "s", 0),
            () -> new DirectHead().set("t", null, "s", 0),
            () -> new GetHeads().set("t", null),
            () -> new ConsumerHello().set("t", null, List.of()),
            () -> new StoreHello().set("t", null));
        for (final Supplier<DafkaMessage> message : nullAddress)
        {
            assertThatThrownBy(() -> message.get().encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        }

        final List<Supplier<DafkaMessage>> nullSubject = List.of(
            () -> new Record().set("t", "a", null, 0, new byte[0]),
            () -> new DirectRecord().set("t", "a", null, 0, new byte[0]),
            () -> new Fetch().set("t", "a", null, 0, 1),
            () -> new Ack().set("t", null, 0),
            () -> new Head().set("t", "a", null, 0),
            () -> new DirectHead().set("t", "a", null, 0));
        for (final Supplier<DafkaMessage> message : nullSubject)
        {
            assertThatThrownBy(() -> message.get().encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        }
    }

    @Test
    void shouldRefuseNullContent()
    {
        assertThatThrownBy(() -> new Record().set("t", "a", "s", 0, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content");
        assertThatThrownBy(() -> new DirectRecord().set("t", "a", "s", 0, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content");
        assertThatThrownBy(() -> new Record().content(null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content");
    }

    @Test
    void shouldRefuseNullSubjectsListOrNullSubject()
    {
        final List<String> withNull = new ArrayList<>();
        withNull.add("hello");
        withNull.add(null);

        assertThatThrownBy(() -> new ConsumerHello().set("t", "a", null).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subjects");
        assertThatThrownBy(() -> new ConsumerHello().set("t", "a", withNull).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subjects");
    }

    @Test
    void shouldRefuseTopicContainingNul()
    {
        assertThatThrownBy(() -> new Record().set("hel\0lo", "a", "s", 0, new byte[0]).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic").hasMessageContaining("NUL");
        assertThatThrownBy(() -> new GetHeads().set("\0", "a").encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> new Ack().set("hello\0", "s", 0).encode())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
    }

    @Test
    void shouldAcceptNulInsideStringFieldsBecauseTheyAreLengthPrefixed()
    {
        final byte[] frame = new Head().set("t", "a\0b", "s\0", 7).encode();

        final Head head = (Head)decoder.decode(frame);

        assertThat(head.address()).isEqualTo("a\0b");
        assertThat(head.subject()).isEqualTo("s\0");
        assertThat(head.sequence()).isEqualTo(7);
    }

    @ParameterizedTest(name = "count {0}")
    @ValueSource(longs = {-1L, Long.MIN_VALUE, 0x1_0000_0000L, Long.MAX_VALUE})
    void shouldRefuseFetchCountOutsideUnsigned32Bit(final long count)
    {
        assertThatThrownBy(() -> new Fetch().set("t", "a", "s", 0, count))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    }

    @Test
    void shouldKeepThePreviousFetchUnchangedWhenTheCountIsRefused()
    {
        final Fetch fetch = new Fetch().set("ABCD", "C0FE", "hello", 0, 100_000);

        assertThatThrownBy(() -> fetch.set("other", "x", "y", 9, -1)).isInstanceOf(IllegalArgumentException.class);

        assertThat(fetch.encode()).containsExactly(golden("FETCH"));
    }

    // ---------------------------------------------------------------- random mutations

    @Test
    void shouldNeverThrowOnRandomMutationsOfTheGoldenFrames()
    {
        final CodecFuzzer.Result result = new CodecFuzzer().run(0xDAFCAL, 200_000);

        assertThat(result.violations()).as(result.firstViolation()).isZero();
        // the run exercised both outcomes, so it is not vacuous
        assertThat(result.decoded()).isGreaterThan(1_000);
        assertThat(result.dropped()).isGreaterThan(1_000);
    }

    private static int indexOfNul(final byte[] frame)
    {
        for (int i = 1; i < frame.length; i++)
        {
            if (frame[i] == 0x00)
            {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldTreatInvalidUtf8AsOpaqueBytesWithoutThrowing()
    {
        final byte[] frame = Hex.bytes("48 ff fe 00 01 02 c3 28 01 80 00 00 00 00 00 00 00 09");

        final DafkaMessage message = decoder.decode(frame);

        assertThat(message).isInstanceOf(Head.class);
        final Head head = (Head)message;
        assertThat(head.topic()).isEqualTo("\uFFFD\uFFFD");
        assertThat(head.address()).isEqualTo("\uFFFD(");
        assertThat(head.subject()).isEqualTo("\uFFFD");
        assertThat(head.sequence()).isEqualTo(9);
    }
}
