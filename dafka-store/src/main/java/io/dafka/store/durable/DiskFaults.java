package io.dafka.store.durable;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A seam in front of every write and fsync of segment files, so tests can make the disk fail (a full disk, an I/O
 * error) at an exact point; the store passes {@link #NONE}.
 */
@FunctionalInterface
interface DiskFaults
{
    /** The real disk: nothing fails here. */
    DiskFaults NONE = (operation, file) ->
    {
    };

    /** What is about to happen to a segment file. */
    enum Operation
    {
        CREATE,
        WRITE,
        FORCE
    }

    /**
     * Called before {@code operation} on {@code file}.
     *
     * @throws IOException to make the operation fail as the device would
     */
    void check(Operation operation, Path file) throws IOException;
}
