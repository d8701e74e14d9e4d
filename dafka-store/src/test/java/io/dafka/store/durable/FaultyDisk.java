package io.dafka.store.durable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import io.dafka.config.DafkaConfig;

/**
 * A disk that fails on demand, as a full one does: while {@link #fail} names an operation, every segment
 * create, write or fsync of that kind throws "No space left on device". Usable from any test package.
 */
public final class FaultyDisk implements DiskFaults
{
    private volatile Set<Operation> failing = EnumSet.noneOf(Operation.class);
    private volatile int failures;

    /** Opens a durable store whose segment files go through this disk. */
    public DurableRecordStore open(final Path directory, final DafkaConfig config)
    {
        return DurableRecordStore.open(directory, config, System::currentTimeMillis, false, this);
    }

    /** From now on, every operation of these kinds fails; none given: the disk works again. */
    void fail(final Operation... operations)
    {
        failing = operations.length == 0 ? EnumSet.noneOf(Operation.class) : EnumSet.of(operations[0], operations);
    }

    /** The disk is full from now on: every create, write and fsync fails. */
    public void fill()
    {
        fail(Operation.values());
    }

    /** Space is back: nothing fails any more. */
    public void free()
    {
        fail();
    }

    /** Operations refused so far. */
    public int failures()
    {
        return failures;
    }

    @Override
    public void check(final Operation operation, final Path file) throws IOException
    {
        if (failing.contains(operation))
        {
            failures++;
            throw new IOException("No space left on device (test disk: " + operation + " " + file.getFileName() + ")");
        }
    }
}
