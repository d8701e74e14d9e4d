package io.dafka.store.durable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.dafka.agent.Clock;
import io.dafka.config.DafkaConfig;

/** Helpers for durable store tests: small segments and index, a settable wall clock, crash images. */
final class Stores
{
    private Stores()
    {
    }

    /** Settings for tests: a small index, then {@code overrides} as key/value pairs. */
    static DafkaConfig config(final Object... overrides)
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("store.index.entries", 1000);
        for (int i = 0; i < overrides.length; i += 2)
        {
            settings.put((String)overrides[i], overrides[i + 1]);
        }
        return DafkaConfig.of(settings);
    }

    /** Opens a store on {@code directory} with {@code clock}, retention only when the test asks for it. */
    static DurableRecordStore open(final Path directory, final Clock clock, final Object... overrides)
    {
        return DurableRecordStore.open(directory, config(overrides), clock, false);
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A 100-byte record whose text starts with its sequence. */
    static byte[] record(final long sequence)
    {
        final byte[] content = new byte[100];
        final byte[] text = bytes("record " + sequence + " ");
        System.arraycopy(text, 0, content, 0, text.length);
        return content;
    }

    /** Appends {@code from .. to} (inclusive) to a partition as 100-byte records, then flushes. */
    static void appendRange(final DurableRecordStore store, final String subject, final String partition,
        final long from, final long to)
    {
        for (long sequence = from; sequence <= to; sequence++)
        {
            store.append(subject, partition, sequence, record(sequence));
        }
        store.flush();
    }

    /** Every sequence readable from {@code from} on, checking each payload. */
    static List<Long> sequences(final DurableRecordStore store, final String subject, final String partition,
        final long from)
    {
        final List<Long> sequences = new ArrayList<>();
        store.read(subject, partition, from, Integer.MAX_VALUE, (sequence, content) ->
        {
            if (!java.util.Arrays.equals(content, record(sequence)))
            {
                throw new AssertionError("wrong payload for " + sequence);
            }
            sequences.add(sequence);
        });
        return sequences;
    }

    /** A copy of a live store directory: what a SIGKILL would leave (the page cache survives a process crash). */
    static Path crashImage(final Path directory, final Path target) throws IOException
    {
        try (Stream<Path> all = Files.walk(directory))
        {
            for (final Path path : all.toList())
            {
                final Path copy = target.resolve(directory.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(copy);
                }
                else if (!path.getFileName().toString().equals(".lock"))
                {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    /** The segment files of the only partition directory under {@code directory}, oldest first. */
    static List<Path> segmentFiles(final Path directory) throws IOException
    {
        try (Stream<Path> partitions = Files.list(directory.resolve("partitions")))
        {
            final Path partition = partitions.findFirst().orElseThrow();
            try (Stream<Path> files = Files.list(partition))
            {
                return files.filter(path -> path.toString().endsWith(".log")).sorted().toList();
            }
        }
    }

    /** Flips bit 4 of {@code count} bytes of {@code file} from {@code position} on, as bit rot would. */
    static void flip(final Path file, final long position, final int count) throws IOException
    {
        try (java.io.RandomAccessFile raw = new java.io.RandomAccessFile(file.toFile(), "rw"))
        {
            for (long at = position; at < position + count; at++)
            {
                raw.seek(at);
                final int value = raw.read();
                raw.seek(at);
                raw.write(value ^ 0x10);
            }
        }
    }

    /** Flips one byte, see {@link #flip(Path, long, int)}. */
    static void flip(final Path file, final long position) throws IOException
    {
        flip(file, position, 1);
    }

    /** The gaps of every partition, as [from, to] pairs. */
    static List<List<Long>> gaps(final DurableRecordStore store)
    {
        final List<List<Long>> gaps = new ArrayList<>();
        store.forEachGap((subject, partition, from, to) -> gaps.add(List.of(from, to)));
        return gaps;
    }

    /** A wall clock the test sets. */
    static final class WallClock implements Clock
    {
        private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

        @Override
        public long millis()
        {
            return now.get();
        }

        void advance(final long millis)
        {
            now.addAndGet(millis);
        }
    }
}
