package io.dafka.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.dafka.testing.RepositoryFiles;

/**
 * Source files and build files cite only documents of the repository: never the working notes the project was
 * built from (which live outside it), and every {@code docs/NAME.md#anchor} they cite names an existing document
 * and one of its headings.
 */
class SourceCitationsTest
{
    /** Documents outside the repository that sources must not cite. */
    private static final Pattern OUTSIDE = Pattern.compile("PROTOCOL\\.md|DESIGN\\.md|shared/reference|§");
    private static final Pattern DOC_CITATION = Pattern.compile("docs/([\\w-]+\\.md)(#[\\w-]+)?");

    @Test
    void shouldCiteNoDocumentOutsideTheRepository()
    {
        final List<String> found = new ArrayList<>();
        forEachLine((file, number, line) ->
        {
            if (OUTSIDE.matcher(line).find())
            {
                found.add(file + ":" + number + ": " + line.strip());
            }
        });

        assertThat(found).as("citations of documents outside the repository").isEmpty();
    }

    @Test
    void shouldCiteOnlyExistingDocumentsAndHeadings()
    {
        final List<String> broken = new ArrayList<>();
        forEachLine((file, number, line) ->
        {
            final Matcher citation = DOC_CITATION.matcher(line);
            while (citation.find())
            {
                final Path document = RepositoryFiles.root().resolve("docs").resolve(citation.group(1));
                if (!Files.isRegularFile(document))
                {
                    broken.add(file + ":" + number + ": no document docs/" + citation.group(1));
                }
                else if (citation.group(2) != null
                    && !MarkdownLinks.anchors(read(document)).contains(citation.group(2).substring(1)))
                {
                    broken.add(file + ":" + number + ": no heading " + citation.group(2) + " in docs/"
                        + citation.group(1));
                }
            }
        });

        assertThat(broken).as("citations of missing documents or headings").isEmpty();
    }

    @FunctionalInterface
    private interface LineVisitor
    {
        void visit(Path file, int number, String line);
    }

    /** Every line of every Java source and POM of the repository (build output and hidden folders left out). */
    private static void forEachLine(final LineVisitor visitor)
    {
        final Path root = RepositoryFiles.root();
        try (Stream<Path> files = Files.walk(root))
        {
            files.filter(Files::isRegularFile)
                .filter(file -> file.toString().endsWith(".java") || file.getFileName().toString().equals("pom.xml"))
                .filter(file -> !isExcluded(root.relativize(file)))
                .forEach(file ->
                {
                    final List<String> lines = List.of(read(file).split("\n", -1));
                    for (int i = 0; i < lines.size(); i++)
                    {
                        visitor.visit(root.relativize(file), i + 1, lines.get(i));
                    }
                });
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isExcluded(final Path relative)
    {
        for (final Path part : relative)
        {
            final String name = part.toString();
            if (name.equals("target") || name.startsWith("."))
            {
                return true;
            }
        }
        return relative.endsWith(Path.of("SourceCitationsTest.java")) || relative.endsWith(
            Path.of("MarkdownLinksTest.java"));
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
