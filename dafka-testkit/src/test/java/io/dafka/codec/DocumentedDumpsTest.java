package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.dafka.testing.RepositoryFiles;

/**
 * The byte dumps of docs/protocol.md and docs/protocol-extensions.md are what the codec sends: each documented
 * dump equals, byte for byte, {@code encode()} of the example it documents and the golden constant of
 * {@link CodecGoldenBytesTest} (the C implementation's dumps) or of the extension's codec test, and has the
 * length its marker line states. Every message has its dump, and no dump goes unchecked.
 */
class DocumentedDumpsTest
{
    private static final String PROTOCOL = "docs/protocol.md";
    private static final String EXTENSIONS = "docs/protocol-extensions.md";
    private static final String HELLO = "hello";
    private static final String ABCD = "ABCD";
    private static final String C0FE = "C0FE";
    private static final String STORE_READER = "57E0";
    private static final String STORE_WRITER = "5701";
    private static final String CAPTURED_CONSUMER = "3313F3A8890D4FAD8CA6FBB4BBCEBA8E";
    /** Dumps of what dafka-core cannot encode, checked in their own module (RecordEnvelopeDocumentedDumpTest). */
    private static final Set<String> CHECKED_ELSEWHERE = Set.of("envelope");
    /** Known from C only by its last bytes (see {@link #golden()}). */
    private static final String TAIL_ONLY = "captured FETCH";
    private static final byte[] ALPHA = "alpha".getBytes(StandardCharsets.US_ASCII);

    /** What the codec encodes for each documented example, by dump name. */
    private static Map<String, byte[]> encoded()
    {
        final Map<String, byte[]> frames = new LinkedHashMap<>();
        final Record record = new Record().set(HELLO, ABCD, HELLO, 5, ALPHA);
        frames.put("RECORD", record.encode());
        frames.put("RECORD content", record.content());
        frames.put("DIRECT-RECORD", new DirectRecord().set(C0FE, ABCD, HELLO, 5, ALPHA).encode());
        frames.put("FETCH", new Fetch().set(ABCD, C0FE, HELLO, 0, 100_000).encode());
        frames.put("ACK", new Ack().set(ABCD, HELLO, 7).encode());
        frames.put("HEAD", new Head().set(HELLO, ABCD, HELLO, 5).encode());
        frames.put("DIRECT-HEAD", new DirectHead().set(C0FE, ABCD, HELLO, 5).encode());
        frames.put("GET-HEADS", new GetHeads().set(HELLO, C0FE).encode());
        frames.put("CONSUMER-HELLO", new ConsumerHello().set(STORE_READER, C0FE, List.of(HELLO, "world")).encode());
        frames.put("STORE-HELLO", new StoreHello().set(C0FE, STORE_READER).encode());
        frames.put("captured HEAD",
            new Head().set(HELLO, GoldenFrames.CAPTURED_PRODUCER, HELLO, 1).encode());
        frames.put("captured FETCH",
            new Fetch().set(GoldenFrames.CAPTURED_PRODUCER, CAPTURED_CONSUMER, HELLO, 1, 99_999).encode());
        frames.put("STORE-HEADS", new StoreHeads().set(STORE_READER, STORE_WRITER)
            .add(HELLO, ABCD, 0, 5).add("world", C0FE, 3, 256).encode());
        frames.put("STORE-ACK", new StoreAck().set(ABCD, HELLO, 7, STORE_WRITER).encode());
        frames.put("GROUP-HEARTBEAT", GroupCodecTest.heartbeatExample().encode());
        frames.put("GROUP-ASSIGNMENT", GroupCodecTest.assignmentExample().encode());
        frames.put("DIRECT-BATCH", DirectBatchCodecTest.example().encode());
        frames.put("OFFSET-COMMIT", OffsetCodecTest.commitExample().encode());
        frames.put("OFFSET-COMMIT-ACK", OffsetCodecTest.ackExample().encode());
        frames.put("OFFSET-FETCH", OffsetCodecTest.fetchExample().encode());
        frames.put("OFFSET-FETCH-ANSWER", OffsetCodecTest.answerExample().encode());
        return frames;
    }

    /**
     * The golden constants of the codec tests, by dump name. The captured FETCH is known from C only by its last
     * 12 bytes (sequence and count): that tail is compared with the end of the documented dump.
     */
    private static Map<String, byte[]> golden()
    {
        final Map<String, byte[]> frames = new LinkedHashMap<>();
        frames.put("RECORD", Hex.bytes(GoldenFrames.RECORD_HEX));
        frames.put("RECORD content", Hex.bytes(GoldenFrames.RECORD_CONTENT_HEX));
        frames.put("DIRECT-RECORD", GoldenFrames.directRecordHeader());
        frames.put("FETCH", Hex.bytes(GoldenFrames.FETCH_HEX));
        frames.put("ACK", Hex.bytes(GoldenFrames.ACK_HEX));
        frames.put("HEAD", Hex.bytes(GoldenFrames.HEAD_HEX));
        frames.put("DIRECT-HEAD", Hex.bytes(GoldenFrames.DIRECT_HEAD_HEX));
        frames.put("GET-HEADS", Hex.bytes(GoldenFrames.GET_HEADS_HEX));
        frames.put("CONSUMER-HELLO", Hex.bytes(GoldenFrames.CONSUMER_HELLO_HEX));
        frames.put("STORE-HELLO", Hex.bytes(GoldenFrames.STORE_HELLO_HEX));
        frames.put("captured HEAD", Hex.bytes(GoldenFrames.CAPTURED_HEAD_HEX));
        frames.put("captured FETCH", Hex.bytes(GoldenFrames.CAPTURED_FETCH_TAIL_HEX));
        frames.put("STORE-HEADS", Hex.bytes(GoldenFrames.STORE_HEADS_HEX));
        frames.put("STORE-ACK", Hex.bytes(GoldenFrames.STORE_ACK_HEX));
        frames.put("GROUP-HEARTBEAT", Hex.bytes(GoldenFrames.GROUP_HEARTBEAT_HEX));
        frames.put("GROUP-ASSIGNMENT", Hex.bytes(GoldenFrames.GROUP_ASSIGNMENT_HEX));
        frames.put("DIRECT-BATCH", Hex.bytes(GoldenFrames.DIRECT_BATCH_HEX));
        frames.put("OFFSET-COMMIT", Hex.bytes(GoldenFrames.OFFSET_COMMIT_HEX));
        frames.put("OFFSET-COMMIT-ACK", Hex.bytes(GoldenFrames.OFFSET_COMMIT_ACK_HEX));
        frames.put("OFFSET-FETCH", Hex.bytes(GoldenFrames.OFFSET_FETCH_HEX));
        frames.put("OFFSET-FETCH-ANSWER", Hex.bytes(GoldenFrames.OFFSET_FETCH_ANSWER_HEX));
        return frames;
    }

    private static String read(final String relative) throws IOException
    {
        return Files.readString(RepositoryFiles.file(relative), StandardCharsets.UTF_8);
    }

    /** The dumps of both documents, by name. */
    private static Map<String, DocumentedDumps.Dump> documented(final String protocol, final String extensions)
    {
        final Map<String, DocumentedDumps.Dump> dumps = new LinkedHashMap<>(DocumentedDumps.parse(protocol, PROTOCOL));
        for (final DocumentedDumps.Dump dump : DocumentedDumps.parse(extensions, EXTENSIONS).values())
        {
            final DocumentedDumps.Dump previous = dumps.put(dump.name(), dump);
            if (previous != null)
            {
                throw new IllegalArgumentException("dump `" + dump.name() + "` is in both " + previous.where() +
                    " and " + dump.where());
            }
        }
        return dumps;
    }

    /** Every way the documented dumps disagree with the codec, one line each; empty if they agree. */
    private static List<String> disagreements(final Map<String, DocumentedDumps.Dump> documented)
    {
        final List<String> problems = new ArrayList<>();
        final Map<String, byte[]> encoded = encoded();
        final Map<String, byte[]> golden = golden();
        for (final String name : encoded.keySet())
        {
            if (!documented.containsKey(name))
            {
                problems.add("dump `" + name + "` is not documented (expected in " + PROTOCOL + " or " + EXTENSIONS + ")");
            }
        }
        for (final DocumentedDumps.Dump dump : documented.values())
        {
            if (CHECKED_ELSEWHERE.contains(dump.name()))
            {
                continue;
            }
            final byte[] expected = encoded.get(dump.name());
            if (expected == null)
            {
                problems.add(dump.where() + ": dump `" + dump.name() + "` is not checked by this test; add its example");
                continue;
            }
            final String actual = Hex.of(dump.bytes());
            if (!actual.equals(Hex.of(expected)))
            {
                problems.add(dump.where() + ": dump `" + dump.name() + "` is\n  " + actual + "\nbut encode() gives\n  " +
                    Hex.of(expected));
            }
            final byte[] constant = golden.get(dump.name());
            final byte[] compared = TAIL_ONLY.equals(dump.name()) && constant.length < dump.bytes().length
                ? Arrays.copyOfRange(dump.bytes(), dump.bytes().length - constant.length, dump.bytes().length)
                : dump.bytes();
            if (!Hex.of(compared).equals(Hex.of(constant)))
            {
                problems.add(dump.where() + ": dump `" + dump.name() + "` disagrees with the golden constant " +
                    Hex.of(constant));
            }
            if (dump.declaredLength() >= 0 && dump.declaredLength() != dump.bytes().length)
            {
                problems.add(dump.where() + ": dump `" + dump.name() + "` says " + dump.declaredLength() +
                    " bytes but holds " + dump.bytes().length);
            }
        }
        return problems;
    }

    @Test
    void shouldDocumentEveryDumpAsTheCodecEncodesIt() throws IOException
    {
        final Map<String, DocumentedDumps.Dump> documented = documented(read(PROTOCOL), read(EXTENSIONS));

        assertThat(disagreements(documented)).isEmpty();
        assertThat(documented.keySet()).containsAll(encoded().keySet())
            .allMatch(name -> encoded().containsKey(name) || CHECKED_ELSEWHERE.contains(name));
    }

    @Test
    void shouldDocumentEachOfTheNineMessagesAndBothExtensionsWithItsId() throws IOException
    {
        final Map<String, DocumentedDumps.Dump> documented = documented(read(PROTOCOL), read(EXTENSIONS));

        for (final MessageType type : MessageType.values())
        {
            final String name = type.name().replace('_', '-');
            assertThat(documented).as("dump of %s", name).containsKey(name);
            assertThat(documented.get(name).bytes()[0]).as("id of %s", name).isEqualTo(type.id());
        }
    }

    @Test
    void shouldStateEachDumpsLength() throws IOException
    {
        final Map<String, DocumentedDumps.Dump> documented = documented(read(PROTOCOL), read(EXTENSIONS));

        for (final DocumentedDumps.Dump dump : documented.values())
        {
            assertThat(dump.declaredLength()).as("length stated for `%s` at %s", dump.name(), dump.where())
                .isEqualTo(dump.bytes().length);
        }
    }

    @Test
    void shouldReportADocumentedByteThatWasChanged() throws IOException
    {
        final String protocol = read(PROTOCOL);
        final String countLine = "00 01 86 a0                count 100000";
        assertThat(protocol).contains(countLine);
        final String changed = protocol.replace(countLine, "00 01 86 a1                count 100000");

        final List<String> problems = disagreements(documented(changed, read(EXTENSIONS)));

        assertThat(problems).isNotEmpty().allMatch(problem -> problem.contains("dump `FETCH`"));
        assertThat(String.join("\n", problems)).contains("00 01 86 a1").contains("encode() gives");
    }

    @Test
    void shouldReportAChangedByteInAnExtensionDump() throws IOException
    {
        final String extensions = read(EXTENSIONS);
        final String storeAck = "41 41 42 43 44 00 01 05 68 65 6c 6c 6f 00 00 00 00 00 00 00 07 04 35 37 30 31";
        assertThat(extensions).contains(storeAck);
        final String changed = extensions.replace(storeAck, storeAck.replace("00 07 04", "00 08 04"));

        final List<String> problems = disagreements(documented(read(PROTOCOL), changed));

        assertThat(problems).isNotEmpty().allMatch(problem -> problem.contains("dump `STORE-ACK`"));
    }

    @Test
    void shouldReportAMissingDumpAndAWrongLength()
    {
        final String text = "**Dump `ACK`**, 22 bytes:\n\n```\n" +
            "4b                         id 'K'\n" +
            "41 42 43 44 00             ZMQ topic\n" +
            "01 05 68 65 6c 6c 6f\n" +
            "00 00 00 00 00 00 00 07    sequence 7\n```\n";

        final List<String> problems = disagreements(documented(text, ""));

        assertThat(problems).anyMatch(problem -> problem.contains("says 22 bytes but holds 21"));
        assertThat(problems).anyMatch(problem -> problem.contains("dump `RECORD` is not documented"));
        assertThat(problems).noneMatch(problem -> problem.contains("dump `ACK` is\n"));
    }

    @Test
    void shouldRejectAByteColumnThatIsNotHex()
    {
        final String text = "intro\n**Dump `ACK`**, 21 bytes:\n```\n4b 4g    id\n```\n";

        assertThatThrownBy(() -> DocumentedDumps.parse(text, "doc.md"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("doc.md:4")
            .hasMessageContaining("\"4g\"");
    }

    @Test
    void shouldFindTheRepositoryDocuments()
    {
        final Path protocol = RepositoryFiles.file(PROTOCOL);

        assertThat(protocol).isRegularFile();
        assertThat(RepositoryFiles.file(EXTENSIONS)).isRegularFile();
    }
}
