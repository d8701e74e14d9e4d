package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Encode, "send" (header frame plus, for RECORD and DIRECT-RECORD, the content frame) and decode:
 * docs/protocol.md#behaviour-scenarios scenario 1 for all nine types, then the edges of the field encodings
 * (docs/protocol.md#field-types).
 *
 * <p>The decoder has already decoded every golden frame of docs/protocol.md#messages before each test, so each
 * round trip also shows that decoding overwrites every field of the reused instance (no stale state,
 * docs/protocol.md#malformed-input).
 */
class CodecRoundTripTest
{
    // docs/protocol.md#behaviour-scenarios scenario 1 (the values of the zproto selftest)
    private static final String TOPIC = "Hello";
    private static final String LIFE = "Life is short but Now lasts for ever";
    private static final long SEQUENCE = 123;
    private static final long COUNT = 123;
    private static final byte[] CONTENT = "Captcha Diem".getBytes(StandardCharsets.UTF_8);
    private static final List<String> SUBJECTS = List.of("Name: Brutus", "Age: 43");

    private final MessageDecoder decoder = new MessageDecoder();

    @BeforeEach
    void warmUpDecoderWithOtherValues()
    {
        for (final byte[] golden : GoldenFrames.all().values())
        {
            assertThat(decoder.decode(golden)).isNotNull();
        }
    }

    /** The frames of one ZeroMQ multipart message, as a sender would write them. */
    private static List<byte[]> send(final DafkaMessage message)
    {
        final byte[] header = message.encode();
        if (message instanceof Record)
        {
            return List.of(header, ((Record)message).content().clone());
        }
        if (message instanceof DirectRecord)
        {
            return List.of(header, ((DirectRecord)message).content().clone());
        }
        return List.of(header);
    }

    /** Decodes the header frame and, for the types that have one, takes the content from frame 1. */
    @SuppressWarnings("unchecked")
    private <T extends DafkaMessage> T receive(final List<byte[]> frames, final Class<T> expected)
    {
        final DafkaMessage message = decoder.decode(frames.get(0));
        assertThat(decoder.lastDropReason()).isNull();
        assertThat(message).isInstanceOf(expected);
        assertThat(frames).hasSize(message.type().hasContent() ? 2 : 1);
        if (message instanceof Record)
        {
            ((Record)message).content(frames.get(1));
        }
        else if (message instanceof DirectRecord)
        {
            ((DirectRecord)message).content(frames.get(1));
        }
        return (T)message;
    }

    private <T extends DafkaMessage> T roundTrip(final T message)
    {
        @SuppressWarnings("unchecked")
        final Class<T> type = (Class<T>)message.getClass();
        final T decoded = receive(send(message), type);
        assertThat(decoded).isNotSameAs(message);
        assertThat(decoded.type()).isEqualTo(message.type());
        assertThat(decoded.topic()).isEqualTo(message.topic());
        return decoded;
    }

    private static int utf8Length(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---------------------------------------------------------------- scenario 1

    @Test
    void shouldUseThe36ByteSampleStringsOfTheScenario()
    {
        assertThat(utf8Length(LIFE)).isEqualTo(36);
        assertThat(new Record().set(TOPIC, LIFE, LIFE, SEQUENCE, CONTENT).encode())
            .hasSize(1 + TOPIC.length() + 1 + 1 + 1 + 36 + 1 + 36 + 8);
    }

    @Test
    void shouldRoundTripRecordWithEveryFieldAndContent()
    {
        final Record decoded = roundTrip(new Record().set(TOPIC, LIFE, LIFE, SEQUENCE, CONTENT));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.address()).isEqualTo(LIFE);
        assertThat(decoded.subject()).isEqualTo(LIFE);
        assertThat(decoded.sequence()).isEqualTo(SEQUENCE);
        assertThat(decoded.content()).asString(StandardCharsets.UTF_8).isEqualTo("Captcha Diem");
    }

    @Test
    void shouldRoundTripDirectRecordWithEveryFieldAndContent()
    {
        final DirectRecord decoded = roundTrip(new DirectRecord().set(TOPIC, LIFE, LIFE, SEQUENCE, CONTENT));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.address()).isEqualTo(LIFE);
        assertThat(decoded.subject()).isEqualTo(LIFE);
        assertThat(decoded.sequence()).isEqualTo(SEQUENCE);
        assertThat(decoded.content()).asString(StandardCharsets.UTF_8).isEqualTo("Captcha Diem");
    }

    @Test
    void shouldRoundTripFetchWithEveryField()
    {
        final Fetch decoded = roundTrip(new Fetch().set(TOPIC, LIFE, LIFE, SEQUENCE, COUNT));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.address()).isEqualTo(LIFE);
        assertThat(decoded.subject()).isEqualTo(LIFE);
        assertThat(decoded.sequence()).isEqualTo(SEQUENCE);
        assertThat(decoded.count()).isEqualTo(COUNT);
    }

    @Test
    void shouldRoundTripAckWithEveryField()
    {
        final Ack decoded = roundTrip(new Ack().set(TOPIC, LIFE, SEQUENCE));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.subject()).isEqualTo(LIFE);
        assertThat(decoded.sequence()).isEqualTo(SEQUENCE);
    }

    @Test
    void shouldRoundTripHeadWithEveryField()
    {
        final Head decoded = roundTrip(new Head().set(TOPIC, LIFE, LIFE, SEQUENCE));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.address()).isEqualTo(LIFE);
        assertThat(decoded.subject()).isEqualTo(LIFE);
        assertThat(decoded.sequence()).isEqualTo(SEQUENCE);
    }

    @Test
    void shouldRoundTripDirectHeadWithEveryField()
    {
        final DirectHead decoded = roundTrip(new DirectHead().set(TOPIC, LIFE, LIFE, SEQUENCE));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.address()).isEqualTo(LIFE);
        assertThat(decoded.subject()).isEqualTo(LIFE);
        assertThat(decoded.sequence()).isEqualTo(SEQUENCE);
    }

    @Test
    void shouldRoundTripGetHeadsWithEveryField()
    {
        final GetHeads decoded = roundTrip(new GetHeads().set(TOPIC, LIFE));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.address()).isEqualTo(LIFE);
    }

    @Test
    void shouldRoundTripConsumerHelloWithEveryFieldAndSubjectsInOrder()
    {
        final ConsumerHello decoded = roundTrip(new ConsumerHello().set(TOPIC, LIFE, SUBJECTS));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.address()).isEqualTo(LIFE);
        assertThat(decoded.subjects()).containsExactly("Name: Brutus", "Age: 43");
    }

    @Test
    void shouldRoundTripStoreHelloWithEveryField()
    {
        final StoreHello decoded = roundTrip(new StoreHello().set(TOPIC, LIFE));

        assertThat(decoded.topic()).isEqualTo(TOPIC);
        assertThat(decoded.address()).isEqualTo(LIFE);
    }

    @Test
    void shouldReencodeEveryDecodedScenarioMessageToTheSameBytes()
    {
        final List<DafkaMessage> messages = List.of(
            new Record().set(TOPIC, LIFE, LIFE, SEQUENCE, CONTENT),
            new DirectRecord().set(TOPIC, LIFE, LIFE, SEQUENCE, CONTENT),
            new Fetch().set(TOPIC, LIFE, LIFE, SEQUENCE, COUNT),
            new Ack().set(TOPIC, LIFE, SEQUENCE),
            new Head().set(TOPIC, LIFE, LIFE, SEQUENCE),
            new DirectHead().set(TOPIC, LIFE, LIFE, SEQUENCE),
            new GetHeads().set(TOPIC, LIFE),
            new ConsumerHello().set(TOPIC, LIFE, SUBJECTS),
            new StoreHello().set(TOPIC, LIFE),
            new StoreHeads().set(TOPIC, LIFE).add(LIFE, LIFE, SEQUENCE, SEQUENCE),
            new StoreAck().set(TOPIC, LIFE, SEQUENCE, LIFE),
            new GroupHeartbeat().set(TOPIC, LIFE, LIFE, SEQUENCE, SEQUENCE, LIFE, SEQUENCE, GroupHeartbeat.LEAVING,
                List.of(new GroupHeartbeat.Protocol(LIFE, CONTENT))),
            new GroupAssignment().set(TOPIC, LIFE, SEQUENCE, LIFE, List.of(new GroupAssignment.Member(LIFE, CONTENT))),
            new DirectBatch().set(TOPIC, LIFE, LIFE, SEQUENCE).add(CONTENT).add(new byte[0]).add(CONTENT),
            new OffsetCommit().set(TOPIC, LIFE, LIFE, SEQUENCE, SEQUENCE,
                List.of(new OffsetCommit.Entry(LIFE, LIFE, SEQUENCE, LIFE))),
            new OffsetCommitAck().set(TOPIC, LIFE, SEQUENCE, OffsetCommitAck.FAILED, SEQUENCE, LIFE),
            new OffsetFetch().set(TOPIC, LIFE, SEQUENCE, List.of(new OffsetFetch.Partition(LIFE, LIFE))),
            new OffsetFetchAnswer().set(TOPIC, LIFE, SEQUENCE, 1, 2,
                List.of(new OffsetFetchAnswer.Entry(LIFE, LIFE, SEQUENCE, LIFE, SEQUENCE, SEQUENCE))));
        assertThat(messages).extracting(DafkaMessage::type).containsExactlyInAnyOrder(MessageType.values());

        for (final DafkaMessage message : messages)
        {
            final byte[] header = message.encode();
            final DafkaMessage decoded = decoder.decode(header.clone());

            assertThat(decoded).as(message.type().name()).isNotNull();
            assertThat(decoded.encode()).as(message.type().name()).containsExactly(header);
        }
    }

    // ---------------------------------------------------------------- unsigned extremes

    @Test
    void shouldRoundTripSequenceAllOnesAsMinusOneForEveryTypeWithASequence()
    {
        final long allOnes = 0xFFFF_FFFF_FFFF_FFFFL;
        final List<DafkaMessage> messages = List.of(
            new Record().set(TOPIC, LIFE, LIFE, allOnes, CONTENT),
            new DirectRecord().set(TOPIC, LIFE, LIFE, allOnes, CONTENT),
            new Fetch().set(TOPIC, LIFE, LIFE, allOnes, COUNT),
            new Ack().set(TOPIC, LIFE, allOnes),
            new Head().set(TOPIC, LIFE, LIFE, allOnes),
            new DirectHead().set(TOPIC, LIFE, LIFE, allOnes));

        for (final DafkaMessage message : messages)
        {
            final byte[] header = message.encode();
            final int sequenceAt = header.length - 8 - (message instanceof Fetch ? 4 : 0);
            assertThat(Arrays.copyOfRange(header, sequenceAt, sequenceAt + 8)).as(message.type().name())
                .containsOnly((byte)0xFF);

            final DafkaMessage decoded = decoder.decode(header);
            final long sequence = decoded instanceof Ack ? ((Ack)decoded).sequence()
                : ((PartitionMessage)decoded).sequence();
            assertThat(sequence).as(message.type().name()).isEqualTo(-1L);
            assertThat(Long.toUnsignedString(sequence)).isEqualTo("18446744073709551615");
        }
    }

    @Test
    void shouldRoundTripSequenceWithOnlyTheTopBitSet()
    {
        final byte[] header = new Head().set(TOPIC, LIFE, LIFE, Long.MIN_VALUE).encode();

        assertThat(Hex.of(Arrays.copyOfRange(header, header.length - 8, header.length)))
            .isEqualTo("80 00 00 00 00 00 00 00");
        assertThat(((Head)decoder.decode(header)).sequence()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldRoundTripFetchCountAllOnesAsUnsigned32Bit()
    {
        final byte[] header = new Fetch().set(TOPIC, LIFE, LIFE, SEQUENCE, 0xFFFF_FFFFL).encode();

        assertThat(Hex.of(Arrays.copyOfRange(header, header.length - 4, header.length))).isEqualTo("ff ff ff ff");
        final Fetch decoded = (Fetch)decoder.decode(header);
        assertThat(decoded.count()).isEqualTo(4_294_967_295L);
        assertThat(decoded.sequence()).isEqualTo(SEQUENCE);
    }

    @Test
    void shouldRoundTripFetchCountWithTheTopBitSetAsPositive()
    {
        final Fetch decoded = roundTrip(new Fetch().set(TOPIC, LIFE, LIFE, SEQUENCE, 0x8000_0000L));

        assertThat(decoded.count()).isEqualTo(2_147_483_648L);
    }

    @Test
    void shouldRoundTripZeroSequenceAndZeroCount()
    {
        final Fetch decoded = roundTrip(new Fetch().set(TOPIC, LIFE, LIFE, 0, 0));

        assertThat(decoded.sequence()).isZero();
        assertThat(decoded.count()).isZero();
    }

    // ---------------------------------------------------------------- empty values

    @Test
    void shouldRoundTripAnEmptyTopicForEveryType()
    {
        final List<DafkaMessage> messages = List.of(
            new Record().set("", LIFE, LIFE, SEQUENCE, CONTENT),
            new DirectRecord().set("", LIFE, LIFE, SEQUENCE, CONTENT),
            new Fetch().set("", LIFE, LIFE, SEQUENCE, COUNT),
            new Ack().set("", LIFE, SEQUENCE),
            new Head().set("", LIFE, LIFE, SEQUENCE),
            new DirectHead().set("", LIFE, LIFE, SEQUENCE),
            new GetHeads().set("", LIFE),
            new ConsumerHello().set("", LIFE, SUBJECTS),
            new StoreHello().set("", LIFE));

        for (final DafkaMessage message : messages)
        {
            final byte[] header = message.encode();
            assertThat(Arrays.copyOf(header, 3)).as(message.type().name())
                .containsExactly(message.type().id(), 0x00, 0x01);

            final DafkaMessage decoded = decoder.decode(header);
            assertThat(decoded).as(message.type().name()).isNotNull();
            assertThat(decoded.topic()).as(message.type().name()).isEmpty();
        }
    }

    @Test
    void shouldRoundTripEmptyAddressSubjectAndContent()
    {
        final Record record = roundTrip(new Record().set(TOPIC, "", "", SEQUENCE, new byte[0]));

        assertThat(record.address()).isEmpty();
        assertThat(record.subject()).isEmpty();
        assertThat(record.sequence()).isEqualTo(SEQUENCE);
        assertThat(record.content()).isEmpty();
    }

    @Test
    void shouldRoundTripEmptyStringsInEveryStringField()
    {
        assertThat(roundTrip(new Ack().set("", "", 1)).subject()).isEmpty();
        assertThat(roundTrip(new GetHeads().set("", "")).address()).isEmpty();
        assertThat(roundTrip(new StoreHello().set("", "")).address()).isEmpty();
        final Fetch fetch = roundTrip(new Fetch().set("", "", "", 1, 2));
        assertThat(fetch.address()).isEmpty();
        assertThat(fetch.subject()).isEmpty();
        assertThat(fetch.count()).isEqualTo(2);
        final ConsumerHello hello = roundTrip(new ConsumerHello().set("", "", List.of("", "x", "")));
        assertThat(hello.address()).isEmpty();
        assertThat(hello.subjects()).containsExactly("", "x", "");
    }

    @Test
    void shouldRoundTripConsumerHelloWithNoSubjects()
    {
        final ConsumerHello hello = new ConsumerHello().set(TOPIC, LIFE, List.of());
        final byte[] header = hello.encode();

        assertThat(Hex.of(Arrays.copyOfRange(header, header.length - 4, header.length))).isEqualTo("00 00 00 00");
        assertThat(receive(List.of(header), ConsumerHello.class).subjects()).isEmpty();
    }

    // ---------------------------------------------------------------- 255-byte strings

    @Test
    void shouldAcceptAndRoundTrip255ByteAsciiStrings()
    {
        final String longest = "a".repeat(255);

        final Record decoded = roundTrip(new Record().set(TOPIC, longest, longest, SEQUENCE, CONTENT));

        assertThat(decoded.address()).isEqualTo(longest);
        assertThat(decoded.subject()).isEqualTo(longest);
    }

    @Test
    void shouldWriteLengthByte0xFFFor255ByteStrings()
    {
        final String longest = "s".repeat(255);
        final byte[] header = new Ack().set(TOPIC, longest, SEQUENCE).encode();

        assertThat(header[1 + TOPIC.length() + 2]).isEqualTo((byte)0xFF);
        assertThat(header).hasSize(1 + TOPIC.length() + 2 + 1 + 255 + 8);
    }

    @Test
    void shouldAcceptAndRoundTrip255ByteMultibyteStringsInEveryStringField()
    {
        final String euros = "€".repeat(85); // 3 bytes each in UTF-8
        assertThat(utf8Length(euros)).isEqualTo(255);

        final Fetch fetch = roundTrip(new Fetch().set(TOPIC, euros, euros, SEQUENCE, COUNT));
        assertThat(fetch.address()).isEqualTo(euros);
        assertThat(fetch.subject()).isEqualTo(euros);
        assertThat(roundTrip(new Ack().set(TOPIC, euros, SEQUENCE)).subject()).isEqualTo(euros);
        assertThat(roundTrip(new GetHeads().set(TOPIC, euros)).address()).isEqualTo(euros);
        assertThat(roundTrip(new StoreHello().set(TOPIC, euros)).address()).isEqualTo(euros);
        assertThat(roundTrip(new ConsumerHello().set(TOPIC, euros, SUBJECTS)).address()).isEqualTo(euros);
        assertThat(roundTrip(new DirectHead().set(TOPIC, euros, euros, SEQUENCE)).subject()).isEqualTo(euros);
    }

    @Test
    void shouldRoundTripConsumerHelloSubjectsLongerThan255BytesBecauseTheyAreLongstr()
    {
        final String long1000 = "x".repeat(1000);

        final ConsumerHello decoded = roundTrip(new ConsumerHello().set(TOPIC, LIFE, List.of(long1000, "y")));

        assertThat(decoded.subjects()).containsExactly(long1000, "y");
    }

    // ---------------------------------------------------------------- UTF-8

    @Test
    void shouldRoundTripMultibyteUtf8InTopicAddressSubjectAndSubjects()
    {
        final String topic = "Grüße/日本語/🚀";
        final String address = "Ünïcødé-адрес";
        final String subject = "温度-🌡";

        final Record record = roundTrip(new Record().set(topic, address, subject, SEQUENCE, "ça".getBytes(StandardCharsets.UTF_8)));
        assertThat(record.topic()).isEqualTo(topic);
        assertThat(record.address()).isEqualTo(address);
        assertThat(record.subject()).isEqualTo(subject);
        assertThat(record.content()).asString(StandardCharsets.UTF_8).isEqualTo("ça");

        final ConsumerHello hello = roundTrip(new ConsumerHello().set(topic, address, List.of("Привет", "😀", subject)));
        assertThat(hello.topic()).isEqualTo(topic);
        assertThat(hello.address()).isEqualTo(address);
        assertThat(hello.subjects()).containsExactly("Привет", "😀", subject);
    }

    @Test
    void shouldEncodeTopicAndStringLengthsInUtf8Bytes()
    {
        final byte[] header = new Ack().set("é", "ü", 0).encode();

        // 'K' | c3 a9 | 00 | 01 | len 2 (bytes, not chars) | c3 bc | sequence
        assertThat(Hex.of(header)).isEqualTo("4b c3 a9 00 01 02 c3 bc 00 00 00 00 00 00 00 00");
    }

    @Test
    void shouldEncodeLongstrLengthsInUtf8Bytes()
    {
        final byte[] header = new ConsumerHello().set("", "", List.of("日")).encode();

        assertThat(Hex.of(header)).isEqualTo("57 00 01 00 00 00 00 01 00 00 00 03 e6 97 a5");
    }

    // ---------------------------------------------------------------- string cache

    @Test
    void shouldReturnTheSameStringInstancesWhenDecodingEqualBytesTwice()
    {
        final byte[] frame = new Head().set(TOPIC, LIFE, "topic-A", SEQUENCE).encode();

        final Head first = (Head)decoder.decode(frame);
        final String address = first.address();
        final String subject = first.subject();
        final String topic = first.topic();
        final Head second = (Head)decoder.decode(frame.clone());

        assertThat(second.address()).isSameAs(address);
        assertThat(second.subject()).isSameAs(subject);
        assertThat(second.topic()).isSameAs(topic);
    }

    @Test
    void shouldReturnTheNewValueWhenTheBytesChangeAfterACachedDecode()
    {
        final byte[] a = new Record().set(TOPIC, "AAAA", "one", 1, CONTENT).encode();
        final byte[] b = new Record().set(TOPIC, "BBBB", "two", 2, CONTENT).encode();

        assertThat(((Record)decoder.decode(a)).address()).isEqualTo("AAAA");
        final Record second = (Record)decoder.decode(b);
        assertThat(second.address()).isEqualTo("BBBB");
        assertThat(second.subject()).isEqualTo("two");
        final Record third = (Record)decoder.decode(a);
        assertThat(third.address()).isEqualTo("AAAA");
        assertThat(third.subject()).isEqualTo("one");
        assertThat(third.sequence()).isEqualTo(1);
    }

    @Test
    void shouldNotAliasTheInputFrameInTheStringCache()
    {
        final byte[] frame = new GetHeads().set(TOPIC, "AAAA").encode();
        assertThat(((GetHeads)decoder.decode(frame)).address()).isEqualTo("AAAA");

        // the receiver reuses its buffer for the next frame: same length, other address bytes
        final int addressAt = frame.length - 4;
        Arrays.fill(frame, addressAt, frame.length, (byte)'Z');

        assertThat(((GetHeads)decoder.decode(frame)).address()).isEqualTo("ZZZZ");
    }

    @Test
    void shouldDecodeEachTypeIntoItsOwnReusedInstance()
    {
        final DafkaMessage record = decoder.decode(new Record().set(TOPIC, LIFE, LIFE, 1, CONTENT).encode());
        final DafkaMessage head = decoder.decode(new Head().set(TOPIC, LIFE, LIFE, 2).encode());
        final DafkaMessage recordAgain = decoder.decode(new Record().set(TOPIC, LIFE, LIFE, 3, CONTENT).encode());

        assertThat(head).isNotSameAs(record);
        assertThat(recordAgain).isSameAs(record);
        assertThat(((Head)head).sequence()).isEqualTo(2);
        assertThat(((Record)recordAgain).sequence()).isEqualTo(3);
    }
}
