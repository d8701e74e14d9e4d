package io.dafka.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.testing.RepositoryFiles;

/**
 * Every relative link of every Markdown file of the repository (README.md, docs/, CHANGELOG.md, module notes)
 * points to a file inside the repository that exists, and a {@code file.md#anchor} to a heading of that file.
 */
class MarkdownLinksTest
{
    @TempDir
    Path tree;

    private void write(final String relative, final String text) throws IOException
    {
        final Path file = tree.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldFindNoBrokenLinkInTheRepository()
    {
        final List<String> broken = MarkdownLinks.brokenLinks(RepositoryFiles.root());

        assertThat(broken).as("broken Markdown links").isEmpty();
    }

    @Test
    void shouldAcceptLinksToExistingFilesAndHeadings() throws IOException
    {
        write("README.md", "# Title\nSee [the protocol](docs/protocol.md#store-ack-a), [licence](LICENSE), " +
            "[the folder](docs/), [here](#title) and [web](https://example.org/x.md).\n");
        write("LICENSE", "text");
        write("docs/protocol.md", "# Protocol\n## STORE-ACK ('A')\nBack to [the start](../README.md#title).\n");

        assertThat(MarkdownLinks.brokenLinks(tree)).isEmpty();
    }

    @Test
    void shouldReportALinkToAMissingFileWithItsLine() throws IOException
    {
        write("README.md", "# Title\n\nRead [the guide](docs/guide.md).\n");

        assertThat(MarkdownLinks.brokenLinks(tree))
            .containsExactly("README.md:3: docs/guide.md: no such file docs/guide.md");
    }

    @Test
    void shouldReportAnAnchorThatNoHeadingHas() throws IOException
    {
        write("README.md", "[ack](docs/protocol.md#ack) and [gone](docs/protocol.md#store-acks)\n");
        write("docs/protocol.md", "# Protocol\n### ACK\n");

        assertThat(MarkdownLinks.brokenLinks(tree))
            .containsExactly("README.md:1: docs/protocol.md#store-acks: no heading with anchor #store-acks in " +
                "docs/protocol.md");
    }

    @Test
    void shouldReportALinkOutOfTheRepository() throws IOException
    {
        write("docs/a.md", "[spec](../../shared/PROTOCOL.md)\n");

        assertThat(MarkdownLinks.brokenLinks(tree)).singleElement().asString()
            .contains("points outside the repository");
    }

    @Test
    void shouldIgnoreLinksInCodeAndSkipBuildOutput() throws IOException
    {
        write("README.md", "`[not](a-link.md)`\n```\n[not](either.md)\n```\n");
        write("dafka-core/target/notes.md", "[broken](nowhere.md)\n");
        write(".git/notes.md", "[broken](nowhere.md)\n");

        assertThat(MarkdownLinks.brokenLinks(tree)).isEmpty();
    }

    @Test
    void shouldCheckReferenceDefinitionsAndImages() throws IOException
    {
        write("README.md", "![chart](results.png)\n\n[spec]: docs/spec.md\n");

        assertThat(MarkdownLinks.brokenLinks(tree)).containsExactly(
            "README.md:1: results.png: no such file results.png",
            "README.md:3: docs/spec.md: no such file docs/spec.md");
    }

    @Test
    void shouldNameHeadingsAsGitHubDoes()
    {
        assertThat(MarkdownLinks.slug("STORE-ACK ('A')")).isEqualTo("store-ack-a");
        assertThat(MarkdownLinks.slug("Differences from the C implementation")).isEqualTo(
            "differences-from-the-c-implementation");
        assertThat(MarkdownLinks.slug("The `./dafka` command, v0.1")).isEqualTo("the-dafka-command-v01");
        assertThat(MarkdownLinks.slug("[0.1.0] - 2026-12-03")).isEqualTo("010---2026-12-03");
        assertThat(MarkdownLinks.anchors("# A\n## A\n```\n# not a heading\n```\n### A\n"))
            .containsExactly("a", "a-1", "a-2");
    }
}
