package io.dafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import io.dafka.codec.DocumentedDumps;
import io.dafka.testing.RepositoryFiles;

/**
 * The envelope dump of docs/protocol.md ("Kafka record envelope") is what {@link RecordEnvelope} writes for the
 * documented example, and reads back to it.
 */
class RecordEnvelopeDocumentedDumpTest
{
    private static final String DOC = "docs/protocol.md";
    private static final long TIMESTAMP = 1000;

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static DocumentedDumps.Dump documented() throws IOException
    {
        final Map<String, DocumentedDumps.Dump> dumps =
            DocumentedDumps.parse(Files.readString(RepositoryFiles.file(DOC), StandardCharsets.UTF_8), DOC);
        assertThat(dumps).as("dumps of %s", DOC).containsKey("envelope");
        return dumps.get("envelope");
    }

    @Test
    void shouldEncodeTheDocumentedExampleAsTheDocumentedBytes() throws IOException
    {
        final DocumentedDumps.Dump dump = documented();

        final byte[] body = RecordEnvelope.encode(TIMESTAMP, utf8("k"), utf8("alpha"),
            List.of(new RecordHeader("h", utf8("x"))));

        assertThat(HexFormat.ofDelimiter(" ").formatHex(dump.bytes())).as("dump at %s", dump.where())
            .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(body));
        assertThat(dump.declaredLength()).isEqualTo(body.length);
    }

    @Test
    void shouldDecodeTheDocumentedBytesToTheExample() throws IOException
    {
        final RecordEnvelope.Decoded decoded = RecordEnvelope.decode(documented().bytes());

        assertThat(decoded.enveloped()).isTrue();
        assertThat(decoded.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(decoded.key()).isEqualTo(utf8("k"));
        assertThat(decoded.value()).isEqualTo(utf8("alpha"));
        assertThat(decoded.headers()).extracting(Header::key).containsExactly("h");
        assertThat(decoded.headers()).extracting(Header::value).containsExactly(utf8("x"));
    }
}
