package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Byte-exact compatibility with the C codec: every dump of docs/protocol.md#messages (produced by {@code
 * dafka_proto_encode} or captured from C traffic over tcp) is reproduced by {@code encode()} and decodes back to
 * the fields it was made from. The dumps below are copied from the spec, not computed.
 */
class CodecGoldenBytesTest
{
    private static final String ABCD = "ABCD";
    private static final String C0FE = "C0FE";
    private static final String STORE_READER = "57E0";
    private static final String HELLO = "hello";

    private final MessageDecoder decoder = new MessageDecoder();


    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- encode

    @Test
    void shouldEncodeRecordHeaderAsTheCDumpOf27Bytes()
    {
        final Record record = new Record().set(HELLO, ABCD, HELLO, 5, ascii("alpha"));

        final byte[] header = record.encode();

        assertThat(header).hasSize(27);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.RECORD_HEX)));
    }

    @Test
    void shouldKeepRecordContentAlphaOutOfTheHeaderFrame()
    {
        final Record record = new Record().set(HELLO, ABCD, HELLO, 5, ascii("alpha"));
        final Record empty = new Record().set(HELLO, ABCD, HELLO, 5, new byte[0]);

        assertThat(record.content()).containsExactly(Hex.bytes(GoldenFrames.RECORD_CONTENT_HEX));
        assertThat(record.encode()).containsExactly(empty.encode());
    }

    @Test
    void shouldEncodeHeadAsTheCDump()
    {
        final byte[] header = new Head().set(HELLO, ABCD, HELLO, 5).encode();

        assertThat(header).hasSize(27);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.HEAD_HEX)));
    }

    @Test
    void shouldEncodeHeadAsTheRecordHeaderWithOnlyTheIdChanged()
    {
        final byte[] record = new Record().set(HELLO, ABCD, HELLO, 5, ascii("alpha")).encode();
        final byte[] head = new Head().set(HELLO, ABCD, HELLO, 5).encode();

        assertThat(record[0]).isEqualTo((byte)'M');
        assertThat(head[0]).isEqualTo((byte)'H');
        assertThat(Arrays.copyOfRange(head, 1, head.length)).containsExactly(Arrays.copyOfRange(record, 1, record.length));
    }

    @Test
    void shouldEncodeFetchAsTheCDumpOf30Bytes()
    {
        final byte[] header = new Fetch().set(ABCD, C0FE, HELLO, 0, 100_000).encode();

        assertThat(header).hasSize(30);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.FETCH_HEX)));
    }

    @Test
    void shouldEncodeAckWithoutAddressAsTheCDumpOf21Bytes()
    {
        final byte[] header = new Ack().set(ABCD, HELLO, 7).encode();

        assertThat(header).hasSize(21);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.ACK_HEX)));
    }

    @Test
    void shouldEncodeGetHeadsAsTheCDumpOf13Bytes()
    {
        final byte[] header = new GetHeads().set(HELLO, C0FE).encode();

        assertThat(header).hasSize(13);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.GET_HEADS_HEX)));
    }

    @Test
    void shouldEncodeConsumerHelloAsTheCDumpOf34Bytes()
    {
        final byte[] header = new ConsumerHello().set(STORE_READER, C0FE, List.of(HELLO, "world")).encode();

        assertThat(header).hasSize(34);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.CONSUMER_HELLO_HEX)));
    }

    @Test
    void shouldEncodeStoreHelloAsTheCDumpOf12Bytes()
    {
        final byte[] header = new StoreHello().set(C0FE, STORE_READER).encode();

        assertThat(header).hasSize(12);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.STORE_HELLO_HEX)));
    }

    @Test
    void shouldEncodeDirectHeadAsTheCDumpOf26Bytes()
    {
        final byte[] header = new DirectHead().set(C0FE, ABCD, HELLO, 5).encode();

        assertThat(header).hasSize(26);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.DIRECT_HEAD_HEX)));
    }

    @Test
    void shouldEncodeDirectRecordAsTheDirectHeadBytesWithId0x44()
    {
        final DirectRecord record = new DirectRecord().set(C0FE, ABCD, HELLO, 5, ascii("alpha"));

        final byte[] header = record.encode();

        assertThat(header[0]).isEqualTo((byte)0x44);
        assertThat(Hex.of(header)).isEqualTo(
            "44 43 30 46 45 00 01 04 41 42 43 44 05 68 65 6c 6c 6f 00 00 00 00 00 00 00 05");
        assertThat(header).containsExactly(GoldenFrames.directRecordHeader());
        assertThat(record.content()).containsExactly(Hex.bytes(GoldenFrames.RECORD_CONTENT_HEX));
    }

    @Test
    void shouldEncodeTheCapturedHeadOf55BytesWithA32CharacterAddress()
    {
        final byte[] header = new Head().set(HELLO, GoldenFrames.CAPTURED_PRODUCER, HELLO, 1).encode();

        assertThat(header).hasSize(55).hasSize(45 + 2 * HELLO.length());
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.CAPTURED_HEAD_HEX)));
    }

    @Test
    void shouldEncodeTheCapturedFetchOf86BytesEndingWithSequence1AndCount99999()
    {
        final String consumer = "3313F3A8890D4FAD8CA6FBB4BBCEBA8E"; // the spec does not give the consumer's address
        final byte[] header = new Fetch().set(GoldenFrames.CAPTURED_PRODUCER, consumer, HELLO, 1, 99_999).encode();

        assertThat(header).hasSize(86);
        final byte[] tail = Arrays.copyOfRange(header, header.length - 12, header.length);
        assertThat(Hex.of(tail)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.CAPTURED_FETCH_TAIL_HEX)));
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(
            "46 'D6232FFF9D3C46ECBDA924D1A0CA7E62' 00 01 20 '3313F3A8890D4FAD8CA6FBB4BBCEBA8E' 05 'hello' " +
            GoldenFrames.CAPTURED_FETCH_TAIL_HEX)));
    }

    // ---------------------------------------------------------------- decode

    @Test
    void shouldDecodeTheRecordDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.RECORD_HEX));

        assertThat(message).isInstanceOf(Record.class);
        final Record record = (Record)message;
        assertThat(record.type()).isEqualTo(MessageType.RECORD);
        assertThat(record.topic()).isEqualTo(HELLO);
        assertThat(record.address()).isEqualTo(ABCD);
        assertThat(record.subject()).isEqualTo(HELLO);
        assertThat(record.sequence()).isEqualTo(5);
        assertThat(record.content(Hex.bytes(GoldenFrames.RECORD_CONTENT_HEX)).content()).asString(StandardCharsets.US_ASCII)
            .isEqualTo("alpha");
    }

    @Test
    void shouldDecodeTheHeadDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.HEAD_HEX));

        assertThat(message).isInstanceOf(Head.class);
        final Head head = (Head)message;
        assertThat(head.type()).isEqualTo(MessageType.HEAD);
        assertThat(head.topic()).isEqualTo(HELLO);
        assertThat(head.address()).isEqualTo(ABCD);
        assertThat(head.subject()).isEqualTo(HELLO);
        assertThat(head.sequence()).isEqualTo(5);
    }

    @Test
    void shouldDecodeTheFetchDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.FETCH_HEX));

        assertThat(message).isInstanceOf(Fetch.class);
        final Fetch fetch = (Fetch)message;
        assertThat(fetch.type()).isEqualTo(MessageType.FETCH);
        assertThat(fetch.topic()).isEqualTo(ABCD);
        assertThat(fetch.address()).isEqualTo(C0FE);
        assertThat(fetch.subject()).isEqualTo(HELLO);
        assertThat(fetch.sequence()).isZero();
        assertThat(fetch.count()).isEqualTo(100_000);
    }

    @Test
    void shouldDecodeTheAckDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.ACK_HEX));

        assertThat(message).isInstanceOf(Ack.class);
        final Ack ack = (Ack)message;
        assertThat(ack.type()).isEqualTo(MessageType.ACK);
        assertThat(ack.topic()).isEqualTo(ABCD);
        assertThat(ack.subject()).isEqualTo(HELLO);
        assertThat(ack.sequence()).isEqualTo(7);
    }

    @Test
    void shouldDecodeTheGetHeadsDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.GET_HEADS_HEX));

        assertThat(message).isInstanceOf(GetHeads.class);
        final GetHeads getHeads = (GetHeads)message;
        assertThat(getHeads.type()).isEqualTo(MessageType.GET_HEADS);
        assertThat(getHeads.topic()).isEqualTo(HELLO);
        assertThat(getHeads.address()).isEqualTo(C0FE);
    }

    @Test
    void shouldDecodeTheConsumerHelloDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.CONSUMER_HELLO_HEX));

        assertThat(message).isInstanceOf(ConsumerHello.class);
        final ConsumerHello hello = (ConsumerHello)message;
        assertThat(hello.type()).isEqualTo(MessageType.CONSUMER_HELLO);
        assertThat(hello.topic()).isEqualTo(STORE_READER);
        assertThat(hello.address()).isEqualTo(C0FE);
        assertThat(hello.subjects()).containsExactly(HELLO, "world");
    }

    @Test
    void shouldDecodeTheStoreHelloDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.STORE_HELLO_HEX));

        assertThat(message).isInstanceOf(StoreHello.class);
        final StoreHello hello = (StoreHello)message;
        assertThat(hello.type()).isEqualTo(MessageType.STORE_HELLO);
        assertThat(hello.topic()).isEqualTo(C0FE);
        assertThat(hello.address()).isEqualTo(STORE_READER);
    }

    @Test
    void shouldDecodeTheDirectHeadDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.DIRECT_HEAD_HEX));

        assertThat(message).isInstanceOf(DirectHead.class);
        final DirectHead head = (DirectHead)message;
        assertThat(head.type()).isEqualTo(MessageType.DIRECT_HEAD);
        assertThat(head.topic()).isEqualTo(C0FE);
        assertThat(head.address()).isEqualTo(ABCD);
        assertThat(head.subject()).isEqualTo(HELLO);
        assertThat(head.sequence()).isEqualTo(5);
    }

    @Test
    void shouldDecodeTheDirectRecordBytesToItsFields()
    {
        final DafkaMessage message = decoder.decode(GoldenFrames.directRecordHeader());

        assertThat(message).isInstanceOf(DirectRecord.class);
        final DirectRecord record = (DirectRecord)message;
        assertThat(record.type()).isEqualTo(MessageType.DIRECT_RECORD);
        assertThat(record.topic()).isEqualTo(C0FE);
        assertThat(record.address()).isEqualTo(ABCD);
        assertThat(record.subject()).isEqualTo(HELLO);
        assertThat(record.sequence()).isEqualTo(5);
    }

    @Test
    void shouldDecodeTheCapturedHeadToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.CAPTURED_HEAD_HEX));

        assertThat(message).isInstanceOf(Head.class);
        final Head head = (Head)message;
        assertThat(head.topic()).isEqualTo(HELLO);
        assertThat(head.address()).isEqualTo(GoldenFrames.CAPTURED_PRODUCER);
        assertThat(head.subject()).isEqualTo(HELLO);
        assertThat(head.sequence()).isEqualTo(1);
    }

    @Test
    void shouldDecodeTheCapturedFetchTailAsSequence1AndCount99999()
    {
        final byte[] frame = Hex.bytes(
            "46 'D6232FFF9D3C46ECBDA924D1A0CA7E62' 00 01 20 '3313F3A8890D4FAD8CA6FBB4BBCEBA8E' 05 'hello' " +
            GoldenFrames.CAPTURED_FETCH_TAIL_HEX);
        assertThat(frame).hasSize(86);

        final DafkaMessage message = decoder.decode(frame);

        assertThat(message).isInstanceOf(Fetch.class);
        final Fetch fetch = (Fetch)message;
        assertThat(fetch.topic()).isEqualTo(GoldenFrames.CAPTURED_PRODUCER);
        assertThat(fetch.address()).isEqualTo("3313F3A8890D4FAD8CA6FBB4BBCEBA8E");
        assertThat(fetch.subject()).isEqualTo(HELLO);
        assertThat(fetch.sequence()).isEqualTo(1);
        assertThat(fetch.count()).isEqualTo(99_999);
    }

    @Test
    void shouldReencodeEveryDecodedDumpToTheSameBytes()
    {
        for (final Map.Entry<String, byte[]> golden : GoldenFrames.all().entrySet())
        {
            final DafkaMessage message = decoder.decode(golden.getValue());

            assertThat(message).as(golden.getKey()).isNotNull();
            assertThat(Hex.of(message.encode())).as(golden.getKey()).isEqualTo(Hex.of(golden.getValue()));
        }
    }
}
