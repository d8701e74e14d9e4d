package io.dafka.realkafka;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of {@link ProcessKafka}'s child JVM: {@code BrokerLauncher <parent pid> <directory> <main class> <args>}
 * runs the main class while the parent JVM lives. If the parent goes away without stopping the broker (killed, so
 * its shutdown hooks never ran), this deletes the broker's directory and halts, within about 5 s, so no broker and
 * no data outlive the build that started them. Uses the JDK only: the broker's class path has nothing else of ours.
 */
public final class BrokerLauncher
{
    private BrokerLauncher()
    {
    }

    /**
     * Runs {@code args[2]}'s main with {@code args[3..]} while the process {@code args[0]} lives.
     *
     * @param args the parent's pid, the directory to delete if the parent dies, the main class, its arguments
     */
    public static void main(final String[] args) throws Throwable
    {
        final long parentPid = Long.parseLong(args[0]);
        final Path directory = Path.of(args[1]);
        final Optional<ProcessHandle> parent = ProcessHandle.of(parentPid).filter(ProcessHandle::isAlive);
        if (parent.isEmpty())
        {
            orphaned(parentPid, directory);
        }
        parent.get().onExit().thenRun(() -> orphaned(parentPid, directory));
        try
        {
            Class.forName(args[2]).getMethod("main", String[].class)
                .invoke(null, (Object)Arrays.copyOfRange(args, 3, args.length));
        }
        catch (final InvocationTargetException e)
        {
            throw e.getCause();
        }
    }

    /** Deletes {@code root} and everything under it; a missing root is not an error. */
    static void deleteTree(final Path root) throws IOException
    {
        try
        {
            Files.walkFileTree(root, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                    throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException e) throws IOException
                {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final NoSuchFileException gone)
        {
            // nothing left to delete
        }
    }

    /** The data is nobody's any more: no controlled shutdown, just clean up and stop. */
    private static void orphaned(final long parentPid, final Path directory)
    {
        System.err.println("BrokerLauncher: parent process " + parentPid + " is gone, deleting " + directory +
            " and halting");
        try
        {
            deleteTree(directory);
        }
        catch (final IOException | RuntimeException e)
        {
            System.err.println("BrokerLauncher: cannot delete " + directory + ": " + e);
        }
        Runtime.getRuntime().halt(1);
    }
}
