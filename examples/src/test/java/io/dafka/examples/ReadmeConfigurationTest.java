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
 * The README's configuration tables are generated from the key definitions. With {@code -Dreadme.update=true}
 * the test rewrites them instead of failing.
 */
class ReadmeConfigurationTest
{
    private static final Path README = Path.of("../README.md");

    @Test
    void shouldDocumentEveryKeyAsDefinedInDafkaConfig() throws IOException
    {
        final String readme = Files.readString(README);
        String expected = replace(readme, "daemon keys", ConfigTable.markdown(DafkaConfig.KEYS));
        expected = replace(expected, "client keys", ConfigTable.markdown(ClientKeys.keys()));
        if (Boolean.getBoolean("readme.update") && !expected.equals(readme))
        {
            Files.writeString(README, expected);
            return;
        }

        assertThat(readme).as("README tables are stale: run this test with -Dreadme.update=true").isEqualTo(expected);
    }

    private static String replace(final String readme, final String table, final String content)
    {
        final String begin = "<!-- generated: " + table + " begin -->\n";
        final String end = "<!-- generated: " + table + " end -->";
        final int from = readme.indexOf(begin);
        final int to = readme.indexOf(end);
        assertThat(from).as("README marker " + begin).isNotNegative();
        assertThat(to).as("README marker " + end).isGreaterThan(from);
        return readme.substring(0, from + begin.length()) + content + readme.substring(to);
    }
}
