package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * OFFSET-COMMIT ('O'), OFFSET-COMMIT-ACK ('P'), OFFSET-FETCH ('Q') and OFFSET-FETCH-ANSWER ('R'), the Java-only
 * messages of committed offsets kept by the stores: the example dumps of docs/protocol-extensions.md are what
 * {@code encode()} produces and decode back to their fields; a commit of 10 000 partitions fits one frame;
 * malformed frames are dropped, never thrown.
 */
class OffsetCodecTest
{
    private final MessageDecoder decoder = new MessageDecoder();

    /** The OFFSET-COMMIT example of docs/protocol-extensions.md: 57 bytes. */
    static OffsetCommit commitExample()
    {
        return new OffsetCommit().set("g1", "C0FE", "i1", 3, 9, List.of(new OffsetCommit.Entry("hello", "ABCD", 42,
            "m")));
    }

    /** The OFFSET-COMMIT-ACK example: 36 bytes. */
    static OffsetCommitAck ackExample()
    {
        return new OffsetCommitAck().set("C0FE", "5701", 9, OffsetCommitAck.FENCED, 4, "fenced");
    }

    /** The OFFSET-FETCH example: 33 bytes. */
    static OffsetFetch fetchExample()
    {
        return new OffsetFetch().set("g1", "C0FE", 10, List.of(new OffsetFetch.Partition("hello", "ABCD")));
    }

    /** The OFFSET-FETCH-ANSWER example: 72 bytes. */
    static OffsetFetchAnswer answerExample()
    {
        return new OffsetFetchAnswer().set("C0FE", "5701", 10, 0, 1, List.of(new OffsetFetchAnswer.Entry("hello",
            "ABCD", 42, "m", 3, 1000)));
    }

    @Test
    void shouldEncodeTheFourDocumentedExamplesByteForByte()
    {
        assertThat(Hex.of(commitExample().encode())).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.OFFSET_COMMIT_HEX)));
        assertThat(Hex.of(ackExample().encode())).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.OFFSET_COMMIT_ACK_HEX)));
        assertThat(Hex.of(fetchExample().encode())).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.OFFSET_FETCH_HEX)));
        assertThat(Hex.of(answerExample().encode()))
            .isEqualTo(Hex.of(Hex.bytes(GoldenFrames.OFFSET_FETCH_ANSWER_HEX)));
        assertThat(commitExample().encode()).hasSize(57);
        assertThat(ackExample().encode()).hasSize(36);
        assertThat(fetchExample().encode()).hasSize(33);
        assertThat(answerExample().encode()).hasSize(72);
    }

    @Test
    void shouldDecodeTheDocumentedCommitAndAckToTheirFields()
    {
        final OffsetCommit commit = (OffsetCommit)decoder.decode(Hex.bytes(GoldenFrames.OFFSET_COMMIT_HEX));
        assertThat(commit.type()).isEqualTo(MessageType.OFFSET_COMMIT);
        assertThat(commit.topic()).isEqualTo("g1");
        assertThat(commit.address()).isEqualTo("C0FE");
        assertThat(commit.member()).isEqualTo("i1");
        assertThat(commit.generation()).isEqualTo(3);
        assertThat(commit.request()).isEqualTo(9);
        assertThat(commit.entries()).containsExactly(new OffsetCommit.Entry("hello", "ABCD", 42, "m"));

        final OffsetCommitAck ack = (OffsetCommitAck)decoder.decode(Hex.bytes(GoldenFrames.OFFSET_COMMIT_ACK_HEX));
        assertThat(ack.topic()).isEqualTo("C0FE");
        assertThat(ack.store()).isEqualTo("5701");
        assertThat(ack.request()).isEqualTo(9);
        assertThat(ack.status()).isEqualTo(OffsetCommitAck.FENCED);
        assertThat(ack.generation()).isEqualTo(4);
        assertThat(ack.reason()).isEqualTo("fenced");
    }

    @Test
    void shouldDecodeTheDocumentedFetchAndAnswerToTheirFields()
    {
        final OffsetFetch fetch = (OffsetFetch)decoder.decode(Hex.bytes(GoldenFrames.OFFSET_FETCH_HEX));
        assertThat(fetch.topic()).isEqualTo("g1");
        assertThat(fetch.address()).isEqualTo("C0FE");
        assertThat(fetch.request()).isEqualTo(10);
        assertThat(fetch.partitions()).containsExactly(new OffsetFetch.Partition("hello", "ABCD"));

        final OffsetFetchAnswer answer =
            (OffsetFetchAnswer)decoder.decode(Hex.bytes(GoldenFrames.OFFSET_FETCH_ANSWER_HEX));
        assertThat(answer.topic()).isEqualTo("C0FE");
        assertThat(answer.store()).isEqualTo("5701");
        assertThat(answer.request()).isEqualTo(10);
        assertThat(answer.part()).isZero();
        assertThat(answer.parts()).isEqualTo(1);
        assertThat(answer.entries()).containsExactly(new OffsetFetchAnswer.Entry("hello", "ABCD", 42, "m", 3, 1000));
    }

    @Test
    void shouldCarryTheMissingGenerationAsAllOnesAndBackAsMinusOne()
    {
        final byte[] frame = new OffsetCommit().set("g", "A", "", OffsetCommit.NO_GENERATION, 1, List.of()).encode();

        assertThat(Arrays.copyOfRange(frame, 7, 15)).containsOnly((byte)0xFF); // after id, "g", NUL, version, "A", ""
        assertThat(((OffsetCommit)decoder.decode(frame)).generation()).isEqualTo(OffsetCommit.NO_GENERATION);
    }

    @Test
    void shouldCarryACommitOfTenThousandPartitionsInOneFrame()
    {
        final List<OffsetCommit.Entry> entries = new ArrayList<>();
        for (int p = 0; p < 10_000; p++)
        {
            entries.add(new OffsetCommit.Entry(String.format("topic-%03d", p % 100), String.format("%032d", p), p,
                ""));
        }

        final byte[] frame = new OffsetCommit().set("group", "C0FE", "member", 7, 1, entries).encode();
        final OffsetCommit decoded = (OffsetCommit)decoder.decode(frame);

        assertThat(frame.length).isLessThan(1 << 20); // about 620 KB, far below socket.max_message_size (64 MiB)
        assertThat(decoded.entries()).isEqualTo(entries);
    }

    @Test
    void shouldRefuseNullFieldsAndAnOversizedAnswerNamingTheProblem()
    {
        assertThatThrownBy(() -> new OffsetCommit().set("g", "A", "", 1, 1,
            List.of(new OffsetCommit.Entry("t", "p", 1, null)))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("metadata");
        assertThatThrownBy(() -> new OffsetFetch().set("g", "A", 1, List.of(new OffsetFetch.Partition(null, "p"))))
            .isInstanceOf(IllegalArgumentException.class);
        final List<OffsetFetchAnswer.Entry> tooMany = new ArrayList<>();
        for (int i = 0; i <= OffsetFetchAnswer.MAX_ENTRIES; i++)
        {
            tooMany.add(new OffsetFetchAnswer.Entry("t", "p" + i, i, "", 1, 1));
        }
        assertThatThrownBy(() -> new OffsetFetchAnswer().set("A", "S", 1, 0, 1, tooMany))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    @Test
    void shouldDropEveryTruncationOfTheFourExamplesAsTruncated()
    {
        for (final String golden : List.of(GoldenFrames.OFFSET_COMMIT_HEX, GoldenFrames.OFFSET_COMMIT_ACK_HEX,
            GoldenFrames.OFFSET_FETCH_HEX, GoldenFrames.OFFSET_FETCH_ANSWER_HEX))
        {
            final byte[] frame = Hex.bytes(golden);
            for (int length = 6; length < frame.length; length++)
            {
                assertThat(decoder.decode(Arrays.copyOf(frame, length))).as("first %d bytes", length).isNull();
                assertThat(decoder.lastDropReason()).as("first %d bytes", length).isEqualTo(DropReason.TRUNCATED);
            }
        }
    }

    @Test
    void shouldDropAHugeCountWithoutAllocatingForIt()
    {
        final byte[] frame = Hex.bytes(GoldenFrames.OFFSET_COMMIT_HEX);
        frame[29] = (byte)0xFF; // entry count 0xFF000001

        assertThat(decoder.decode(frame)).isNull();
        assertThat(decoder.lastDropReason()).isEqualTo(DropReason.TRUNCATED);
    }
}
