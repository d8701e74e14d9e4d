package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * STORE-ACK ('A'), the Java-only store-identified acknowledgement: its bytes are exactly the example dump of
 * docs/protocol-extensions.md (the test reads the dump from that document), and they decode back to the fields.
 */
class StoreAckCodecTest
{
    private static final Path DOC = Paths.get("..", "docs", "protocol-extensions.md");

    private final MessageDecoder decoder = new MessageDecoder();

    @Test
    void shouldEncodeStoreAckAsTheDocumentedDumpOf26Bytes()
    {
        final byte[] header = new StoreAck().set("ABCD", "hello", 7, "5701").encode();

        assertThat(header).hasSize(26);
        assertThat(Hex.of(header)).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.STORE_ACK_HEX)));
    }

    @Test
    void shouldDecodeTheDocumentedDumpToItsFields()
    {
        final DafkaMessage message = decoder.decode(Hex.bytes(GoldenFrames.STORE_ACK_HEX));

        assertThat(message).isInstanceOf(StoreAck.class);
        final StoreAck ack = (StoreAck)message;
        assertThat(ack.type()).isEqualTo(MessageType.STORE_ACK);
        assertThat(ack.type().id()).isEqualTo((byte)0x41);
        assertThat(ack.topic()).isEqualTo("ABCD");
        assertThat(ack.subject()).isEqualTo("hello");
        assertThat(ack.sequence()).isEqualTo(7);
        assertThat(ack.store()).isEqualTo("5701");
    }

    @Test
    void shouldShareTheAckLayoutUpToTheStoreField()
    {
        // A STORE-ACK is an ACK with id 'A' and the store appended: a reader of ACK fields sees the same values.
        final byte[] storeAck = new StoreAck().set("ABCD", "hello", 7, "5701").encode();
        final byte[] ack = new Ack().set("ABCD", "hello", 7).encode();

        assertThat(Hex.of(Arrays.copyOfRange(storeAck, 1, ack.length)))
            .isEqualTo(Hex.of(Arrays.copyOfRange(ack, 1, ack.length)));
    }

    @Test
    void shouldDropAStoreAckWhoseStoreFieldIsCutShort()
    {
        final byte[] full = Hex.bytes(GoldenFrames.STORE_ACK_HEX);
        final byte[] cut = Arrays.copyOf(full, full.length - 1);

        assertThat(decoder.decode(cut)).isNull();
        assertThat(decoder.lastDropReason()).isEqualTo(DropReason.TRUNCATED);
    }

    @Test
    void shouldMatchTheExampleDumpInTheProtocolExtensionsDocument() throws IOException
    {
        final String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        final int section = doc.indexOf("## STORE-ACK ('A')");
        assertThat(section).as("section STORE-ACK ('A') in %s", DOC).isNotNegative();
        final int next = doc.indexOf("\n## ", section + 1);
        final String text = doc.substring(section, next < 0 ? doc.length() : next);

        assertThat(text).contains(Hex.of(Hex.bytes(GoldenFrames.STORE_ACK_HEX)));
    }
}
