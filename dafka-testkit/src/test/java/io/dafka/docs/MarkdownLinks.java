package io.dafka.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the relative links of the Markdown files of a directory tree: each must point to a file or directory
 * that exists inside the tree, and a {@code #anchor} into a Markdown file to one of its headings, named as GitHub
 * names them. Links with a scheme ({@code https:}, {@code mailto:}) are not followed; links inside code (fenced
 * blocks and {@code `spans`}) are not links. Build output ({@code target/}) and hidden directories are skipped.
 */
final class MarkdownLinks
{
    private static final Pattern INLINE_LINK =
        Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?.*$");
    private static final Pattern HTML_LINK = Pattern.compile("(?:href|src)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
    private static final Pattern LINK_TEXT = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{N}\\p{M} _-]");

    private final Path root;
    private final Map<Path, Set<String>> anchorsByFile = new HashMap<>();

    private MarkdownLinks(final Path root)
    {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Every broken link under {@code root}, as {@code file:line: link: reason}; empty if there is none. */
    static List<String> brokenLinks(final Path root)
    {
        final MarkdownLinks links = new MarkdownLinks(root);
        final List<String> broken = new ArrayList<>();
        for (final Path file : links.markdownFiles())
        {
            links.check(file, broken);
        }
        return broken;
    }

    /** The anchors GitHub gives the headings of {@code markdown}, in order (duplicates get -1, -2, ...). */
    static Set<String> anchors(final String markdown)
    {
        final Set<String> anchors = new LinkedHashSet<>();
        final Map<String, Integer> seen = new HashMap<>();
        for (final String line : outsideFences(markdown))
        {
            final Matcher heading = HEADING.matcher(line);
            if (heading.matches())
            {
                final String slug = slug(heading.group(1));
                final int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            final Matcher explicit = HTML_ANCHOR.matcher(line);
            while (explicit.find())
            {
                anchors.add(explicit.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's anchor for a heading: the text as shown, lower case, punctuation dropped, blanks as '-'. */
    static String slug(final String heading)
    {
        final String text = LINK_TEXT.matcher(heading).replaceAll("$1").replace("`", "");
        return NOT_IN_ANCHOR.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    private List<Path> markdownFiles()
    {
        final List<Path> files = new ArrayList<>();
        try
        {
            Files.walkFileTree(root, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attributes)
                {
                    final String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    final boolean skipped = !dir.equals(root) && (name.equals("target") || name.startsWith("."));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                {
                    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md"))
                    {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    private void check(final Path file, final List<String> broken)
    {
        final List<String> lines = read(file).lines().toList();
        boolean inFence = false;
        String fence = null;
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            final String stripped = line.strip();
            if (inFence)
            {
                if (stripped.startsWith(fence))
                {
                    inFence = false;
                }
                continue;
            }
            if (stripped.startsWith("```") || stripped.startsWith("~~~"))
            {
                inFence = true;
                fence = stripped.substring(0, 3);
                continue;
            }
            final String text = CODE_SPAN.matcher(line).replaceAll("");
            for (final Pattern pattern : List.of(INLINE_LINK, REFERENCE_DEFINITION, HTML_LINK))
            {
                final Matcher link = pattern.matcher(text);
                while (link.find())
                {
                    final String problem = problem(file, link.group(1));
                    if (problem != null)
                    {
                        broken.add(root.relativize(file) + ":" + (i + 1) + ": " + link.group(1) + ": " + problem);
                    }
                }
            }
        }
    }

    /** What is wrong with {@code target} linked from {@code file}, or null if nothing. */
    private String problem(final Path file, final String target)
    {
        if (target.isEmpty() || SCHEME.matcher(target).matches())
        {
            return target.isEmpty() ? "empty link" : null;
        }
        final int hash = target.indexOf('#');
        final String pathPart = hash < 0 ? target : target.substring(0, hash);
        final String anchor = hash < 0 ? null : target.substring(hash + 1);
        final Path linked;
        if (pathPart.isEmpty())
        {
            linked = file;
        }
        else
        {
            final String decoded = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
            linked = (decoded.startsWith("/") ? root.resolve(decoded.substring(1)) : file.getParent().resolve(decoded))
                .toAbsolutePath().normalize();
        }
        if (!linked.startsWith(root))
        {
            return "points outside the repository";
        }
        if (!Files.exists(linked))
        {
            return "no such file " + root.relativize(linked);
        }
        if (anchor != null && !anchor.isEmpty() && linked.toString().toLowerCase(Locale.ROOT).endsWith(".md") &&
            !anchorsOf(linked).contains(anchor))
        {
            return "no heading with anchor #" + anchor + " in " + root.relativize(linked);
        }
        return null;
    }

    private Set<String> anchorsOf(final Path file)
    {
        return anchorsByFile.computeIfAbsent(file, any -> anchors(read(file)));
    }

    private static List<String> outsideFences(final String markdown)
    {
        final List<String> lines = new ArrayList<>();
        String fence = null;
        for (final String line : markdown.lines().toList())
        {
            final String stripped = line.strip();
            if (fence != null)
            {
                if (stripped.startsWith(fence))
                {
                    fence = null;
                }
            }
            else if (stripped.startsWith("```") || stripped.startsWith("~~~"))
            {
                fence = stripped.substring(0, 3);
            }
            else
            {
                lines.add(line);
            }
        }
        return lines;
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
