package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static io.dafka.store.StoreFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.dafka.codec.Fetch;
import io.dafka.codec.GetHeads;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.config.DafkaConfig;
import io.dafka.store.durable.DurableRecordStore;
import io.dafka.testing.Received;
import io.dafka.transport.Addresses;

/** A store node over the durable store: ACK after the batch is durable, FETCH after retention deleted records. */
@Timeout(60)
class DurableStoreNodeTest
{
    private static final String TOPIC = "durable";

    @TempDir
    Path directory;

    private StoreFixture fixture;

    @AfterEach
    void stop()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldAckOnlyWhatItHasMadeDurable() throws InterruptedException
    {
        final DurableRecordStore store = open();
        fixture = StoreFixture.start(store);
        fixture.awaitWriterLinked();
        final String partition = Addresses.newAddress();
        for (int sequence = 0; sequence < 100; sequence++)
        {
            fixture.peer.send(new Record().set(TOPIC, partition, TOPIC, sequence, bytes("r" + sequence)));
        }

        fixture.receiveUntil(MessageType.ACK, ack -> ack.topic().equals(partition) && ack.sequence() == 99);
        assertThat(store.head(TOPIC, partition)).isEqualTo(99);
        assertThat(store.flushes()).isPositive();
    }

    @Test
    void shouldAnswerAFetchForDeletedRecordsFromTheFirstRetainedOne() throws InterruptedException
    {
        final DurableRecordStore store = open("store.segment.bytes", 4096, "store.retention.bytes", 3 * 4096);
        final String partition = Addresses.newAddress();
        for (int sequence = 0; sequence < 1000; sequence++)
        {
            store.append(TOPIC, partition, sequence, bytes("r" + sequence));
        }
        store.flush();
        assertThat(store.enforceRetention()).isPositive();
        final long first = store.first(TOPIC, partition);
        assertThat(first).isPositive();
        fixture = StoreFixture.start(store);
        fixture.awaitReaderLinked();

        fixture.peer.send(new Fetch().set(partition, fixture.peer.address(), TOPIC, 0, 3));
        final List<Received> answer = fixture.receiveUntil(MessageType.DIRECT_RECORD,
            record -> record.address().equals(partition) && record.sequence() == first + 2).stream()
            .filter(m -> m.type() == MessageType.DIRECT_RECORD && m.address().equals(partition)).toList();

        assertThat(answer).extracting(Received::sequence).containsExactly(first, first + 1, first + 2);
        assertThat(text(answer.get(0).content())).isEqualTo("r" + first);
        fixture.peer.send(new GetHeads().set(TOPIC, fixture.peer.address()));
        assertThat(fixture.peer.await(MessageType.DIRECT_HEAD, head -> head.subject().equals(TOPIC)).sequence())
            .isEqualTo(999);
    }

    private DurableRecordStore open(final Object... overrides)
    {
        final java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("store.index.entries", 1000);
        for (int i = 0; i < overrides.length; i += 2)
        {
            settings.put((String)overrides[i], overrides[i + 1]);
        }
        return DurableRecordStore.open(directory, DafkaConfig.of(settings));
    }
}
