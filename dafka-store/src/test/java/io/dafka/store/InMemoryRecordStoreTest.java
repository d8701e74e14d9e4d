package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static io.dafka.store.StoreFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The heap {@link RecordStore}. */
@Timeout(30)
class InMemoryRecordStoreTest
{
    private final InMemoryRecordStore store = new InMemoryRecordStore();

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void shouldReportNoHeadForAnUnknownPartition()
    {
        assertThat(store.head("hello", "P")).isEqualTo(RecordStore.NONE);
        assertThat(store.read("hello", "P", 0, 10, (sequence, content) -> { })).isZero();
    }

    @Test
    void shouldReadBackAppendedRecordsInOrder()
    {
        append("hello", "P", 5);

        assertThat(store.head("hello", "P")).isEqualTo(4);
        assertThat(read("hello", "P", 0, 100)).containsExactly("0", "1", "2", "3", "4");
        assertThat(read("hello", "P", 3, 100)).containsExactly("3", "4");
    }

    @Test
    void shouldReadAtMostMaxCountRecords()
    {
        append("hello", "P", 10);

        assertThat(read("hello", "P", 2, 3)).containsExactly("2", "3", "4");
        assertThat(read("hello", "P", 2, 0)).isEmpty();
    }

    @Test
    void shouldReadNothingFromASequenceThatIsNotStored()
    {
        append("hello", "P", 3);

        assertThat(read("hello", "P", 3, 10)).isEmpty();
        assertThat(read("hello", "P", -1, 10)).isEmpty();
        assertThat(read("hello", "Q", 0, 10)).isEmpty();
    }

    @Test
    void shouldRejectAnAppendThatDoesNotFollowTheHead()
    {
        assertThatThrownBy(() -> store.append("hello", "P", 1, bytes("1")))
            .isInstanceOf(IllegalArgumentException.class);
        append("hello", "P", 2);

        assertThatThrownBy(() -> store.append("hello", "P", 3, bytes("3")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append("hello", "P", 1, bytes("again")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.head("hello", "P")).isEqualTo(1);
        assertThat(read("hello", "P", 0, 10)).containsExactly("0", "1");
    }

    @Test
    void shouldListTheHeadsOfExactlyTheGivenSubject()
    {
        append("hello", "A", 3);
        append("hello", "B", 1);
        append("hello2", "C", 5);
        append("hell", "D", 2);

        assertThat(heads("hello")).containsExactlyInAnyOrderEntriesOf(Map.of("A", 2L, "B", 0L));
        assertThat(heads("hello2")).containsExactlyInAnyOrderEntriesOf(Map.of("C", 4L));
        assertThat(heads("hel")).isEmpty();
    }

    @Test
    void shouldKeepEveryRecordAcrossManyChunks()
    {
        final int count = 100_003;
        append("hello", "P", count);

        assertThat(store.head("hello", "P")).isEqualTo(count - 1);
        final AtomicLong expected = new AtomicLong(4090);
        final int read = store.read("hello", "P", 4090, count, (sequence, content) ->
        {
            assertThat(sequence).isEqualTo(expected.get());
            assertThat(text(content)).isEqualTo(Long.toString(expected.getAndIncrement()));
        });
        assertThat(read).isEqualTo(count - 4090);
    }

    @Test
    void shouldLetAReaderReadConsistentlyWhileAWriterAppends() throws Exception
    {
        final int count = 200_000;
        final CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() ->
        {
            long reads = 0;
            long head = RecordStore.NONE;
            while (head < count - 1)
            {
                head = store.head("hello", "P");
                final long from = Math.max(0, head - 100);
                final AtomicLong next = new AtomicLong(from);
                final int read = store.read("hello", "P", from, 1000, (sequence, content) ->
                {
                    if (sequence != next.get() || !text(content).equals(Long.toString(sequence)))
                    {
                        throw new AssertionError("record " + sequence + " read as " + text(content) +
                            ", expected " + next.get());
                    }
                    next.incrementAndGet();
                });
                if (head >= 0 && read < head - from + 1)
                {
                    throw new AssertionError("read " + read + " records from " + from + " with head " + head);
                }
                reads++;
            }
            return reads;
        });

        append("hello", "P", count);

        assertThat(reader.get(20, TimeUnit.SECONDS)).isPositive();
        assertThat(store.head("hello", "P")).isEqualTo(count - 1);
    }

    @Test
    void shouldRefuseUseAfterClose()
    {
        append("hello", "P", 1);
        store.close();

        assertThatThrownBy(() -> store.head("hello", "P")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.append("hello", "Q", 0, bytes("0")))
            .isInstanceOf(IllegalStateException.class);
    }

    private void append(final String subject, final String partition, final int count)
    {
        for (int sequence = 0; sequence < count; sequence++)
        {
            store.append(subject, partition, sequence, bytes(Integer.toString(sequence)));
        }
    }

    private List<String> read(final String subject, final String partition, final long from, final int max)
    {
        final List<String> contents = new ArrayList<>();
        final int read =
            store.read(subject, partition, from, max, (sequence, content) -> contents.add(text(content)));
        assertThat(read).isEqualTo(contents.size());
        return contents;
    }

    private Map<String, Long> heads(final String subject)
    {
        final Map<String, Long> heads = new HashMap<>();
        store.forEachHead(subject, heads::put);
        return heads;
    }

    @Test
    void shouldAdoptAPartitionFromALaterSequence()
    {
        assertThat(store.first("hello", "P")).isEqualTo(RecordStore.NONE);
        store.adopt("hello", "P", 5000, bytes("5000"));
        store.append("hello", "P", 5001, bytes("5001"));

        assertThat(store.first("hello", "P")).isEqualTo(5000);
        assertThat(store.head("hello", "P")).isEqualTo(5001);
        assertThat(read("hello", "P", 5000, 10)).containsExactly("5000", "5001");
        assertThat(read("hello", "P", 0, 10)).isEmpty();
        assertThatThrownBy(() -> store.adopt("hello", "P", 7000, bytes("7000")))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
