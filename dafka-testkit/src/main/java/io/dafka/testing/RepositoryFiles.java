package io.dafka.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Files of the repository itself (documentation, for tests that check it against the code), found from the
 * directory a test runs in: Maven runs a module's tests in the module's directory, an IDE maybe in the root.
 */
public final class RepositoryFiles
{
    private RepositoryFiles()
    {
    }

    /**
     * The repository root: the nearest directory at or above the working directory that holds the reactor's
     * {@code pom.xml} and the {@code dafka-core} module.
     *
     * @throws IllegalStateException if there is none
     */
    public static Path root()
    {
        final Path start = Paths.get("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent())
        {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("dafka-core")))
            {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml beside dafka-core/) at or above " + start);
    }

    /** {@code relative} resolved against the repository root. */
    public static Path file(final String relative)
    {
        return root().resolve(relative);
    }
}
