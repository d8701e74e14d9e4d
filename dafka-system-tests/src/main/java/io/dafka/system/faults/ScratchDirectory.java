package io.dafka.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for one scenario run, deleted with everything in it on close. */
final class ScratchDirectory implements AutoCloseable
{
    private final Path path;

    ScratchDirectory(final String prefix)
    {
        try
        {
            path = Files.createTempDirectory(prefix);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    Path resolve(final String name)
    {
        return path.resolve(name);
    }

    @Override
    public void close()
    {
        try (Stream<Path> paths = Files.walk(path))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }
}
