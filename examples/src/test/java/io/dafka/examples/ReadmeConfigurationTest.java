package io.dafka.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.dafka.config.ConfigTable;
import io.dafka.config.DafkaConfig;
import io.dafka.kafka.config.ClientKeys;

/**
 * The configuration tables of {@code docs/configuration.md} (the README links to them) are generated from the key
 * definitions. With {@code -Dreadme.update=true} the test rewrites them instead of failing.
 */
class ReadmeConfigurationTest
{
    private static final Path CONFIGURATION = Path.of("../docs/configuration.md");

    @Test
    void shouldDocumentEveryKeyAsDefinedInDafkaConfig() throws IOException
    {
        final String document = Files.readString(CONFIGURATION);
        String expected = replace(document, "daemon keys", ConfigTable.markdown(DafkaConfig.KEYS));
        expected = replace(expected, "client keys", ConfigTable.markdown(ClientKeys.keys()));
        if (Boolean.getBoolean("readme.update") && !expected.equals(document))
        {
            Files.writeString(CONFIGURATION, expected);
            return;
        }

        assertThat(document).as("docs/configuration.md tables are stale: run this test with -Dreadme.update=true")
            .isEqualTo(expected);
    }

    private static String replace(final String document, final String table, final String content)
    {
        final String begin = "<!-- generated: " + table + " begin -->\n";
        final String end = "<!-- generated: " + table + " end -->";
        final int from = document.indexOf(begin);
        final int to = document.indexOf(end);
        assertThat(from).as("docs/configuration.md marker " + begin).isNotNegative();
        assertThat(to).as("docs/configuration.md marker " + end).isGreaterThan(from);
        return document.substring(0, from + begin.length()) + content + document.substring(to);
    }
}
