package io.dafka.store.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.config.DafkaConfig;
import io.dafka.config.DafkaConfigException;

/** The bounded cache of open segment files: which file it closes, when it forces, what it keeps open. */
class OpenFilesTest
{
    @TempDir
    Path directory;

    private final List<SegmentFile> created = new ArrayList<>();
    /** Every fsync the cache makes when it closes a file, by file name; can fail the next one. */
    private final List<String> forced = new ArrayList<>();
    private volatile boolean failNextForce;
    private final DiskFaults recording = (operation, file) ->
    {
        if (operation == DiskFaults.Operation.FORCE)
        {
            if (failNextForce)
            {
                failNextForce = false;
                throw new IOException("Input/output error (test disk)");
            }
            forced.add(file.getFileName().toString());
        }
    };

    @AfterEach
    void closeFiles() throws IOException
    {
        for (final SegmentFile file : created)
        {
            file.close();
        }
    }

    @Test
    void shouldCloseTheLeastRecentlyUsedFileFirst() throws IOException
    {
        final OpenFiles files = new OpenFiles(2, true, recording);
        final SegmentFile a = file("a", files);
        final SegmentFile b = file("b", files);
        final SegmentFile c = file("c", files);
        use(a);
        use(b);
        use(a); // b is now the least recently used

        use(c);

        assertThat(isOpen(a)).isTrue();
        assertThat(isOpen(b)).isFalse();
        assertThat(isOpen(c)).isTrue();
        assertThat(files.open()).isEqualTo(2);
    }

    @Test
    void shouldReopenAClosedFileWhenItIsReadAgain() throws IOException
    {
        final OpenFiles files = new OpenFiles(1, true, recording);
        final SegmentFile a = file("a", files);
        final SegmentFile b = file("b", files);
        Files.write(a.path, new byte[] {1, 2, 3});
        use(a);
        use(b);
        assertThat(isOpen(a)).isFalse();

        final ByteBuffer read = ByteBuffer.allocate(3);
        final FileChannel channel = a.pin();
        try
        {
            channel.read(read, 0);
        }
        finally
        {
            a.unpin();
        }

        assertThat(read.array()).containsExactly(1, 2, 3);
        assertThat(isOpen(b)).isFalse();
        assertThat(files.opened()).isEqualTo(3);
    }

    @Test
    void shouldOpenBeyondTheBoundOnlyWhileEveryOpenFileIsInUse() throws IOException
    {
        final OpenFiles files = new OpenFiles(1, true, recording);
        final SegmentFile a = file("a", files);
        final SegmentFile b = file("b", files);
        a.pin();
        b.pin();
        assertThat(files.open()).isEqualTo(2);

        a.unpin();

        assertThat(files.open()).isEqualTo(1);
        assertThat(isOpen(a)).isFalse();
        b.unpin();
        assertThat(files.open()).isEqualTo(1);
    }

    @Test
    void shouldForceAFileWithUnforcedDataBeforeClosingIt() throws IOException
    {
        final OpenFiles files = new OpenFiles(1, true, recording);
        final SegmentFile written = file("written", files);
        final SegmentFile other = file("other", files);
        write(written);

        use(other);

        assertThat(isOpen(written)).isFalse();
        assertThat(forced).containsExactly("written");
        written.force(); // already forced when closed: nothing left to force, and it is not reopened
        assertThat(isOpen(written)).isFalse();
        assertThat(files.opened()).isEqualTo(2);
    }

    @Test
    void shouldNotForceAFileThatWasOnlyRead() throws IOException
    {
        final OpenFiles files = new OpenFiles(1, true, recording);
        use(file("read", files));

        use(file("other", files));

        assertThat(forced).isEmpty();
    }

    @Test
    void shouldLeaveTheFsyncToTheOsWithPolicyNeverButForceOnRequest() throws IOException
    {
        final OpenFiles files = new OpenFiles(1, false, recording);
        final SegmentFile written = file("written", files);
        write(written);
        use(file("other", files));
        assertThat(forced).isEmpty();

        written.force(); // reopened and forced (a clean close with policy never)

        assertThat(files.opened()).isEqualTo(3);
    }

    @Test
    void shouldFailTheNextForceOfAFileWhoseFsyncFailedWhenItWasClosed() throws IOException
    {
        final OpenFiles files = new OpenFiles(1, true, recording);
        final SegmentFile written = file("written", files);
        write(written);
        failNextForce = true;

        use(file("other", files));

        assertThatThrownBy(written::force).isInstanceOf(IOException.class)
            .hasMessageContaining("fsync of " + written.path).hasMessageContaining("Input/output error");
    }

    @Test
    void shouldFailToUseAFileClosedForGood() throws IOException
    {
        final OpenFiles files = new OpenFiles(4, true, recording);
        final SegmentFile a = file("a", files);
        use(a);

        a.close();

        assertThat(files.open()).isZero();
        assertThatThrownBy(a::pin).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    @Test
    void shouldRejectAnOpenFilesSettingBelowItsMinimumNamingTheKey()
    {
        assertThatThrownBy(() -> DafkaConfig.of(java.util.Map.of("store.open_files", 1)))
            .isInstanceOf(DafkaConfigException.class).hasMessageContaining("store.open_files");
        assertThat(DafkaConfig.of(java.util.Map.of()).get(DafkaConfig.STORE_OPEN_FILES)).isEqualTo(256L);
    }

    private SegmentFile file(final String name, final OpenFiles files) throws IOException
    {
        final Path path = directory.resolve(name);
        Files.createFile(path);
        final SegmentFile file = SegmentFile.existing(path, files);
        created.add(file);
        return file;
    }

    private static void use(final SegmentFile file) throws IOException
    {
        file.pin();
        file.unpin();
    }

    private static void write(final SegmentFile file) throws IOException
    {
        final FileChannel channel = file.pin();
        try
        {
            channel.write(ByteBuffer.wrap(new byte[] {42}), 0);
        }
        finally
        {
            file.unpinWritten();
        }
    }

    private static boolean isOpen(final SegmentFile file)
    {
        return file.channel != null;
    }
}
