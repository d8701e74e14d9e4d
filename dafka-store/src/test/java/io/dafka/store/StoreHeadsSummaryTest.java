package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.StoreHeads;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.transport.Addresses;
import io.dafka.transport.Sockets;

/** The store reader's STORE-HEADS summaries (anti-entropy), seen by a fake store writer that subscribes to 'S'. */
@Timeout(60)
class StoreHeadsSummaryTest
{
    private static final String TOPIC = "hello";

    private final String partition = Addresses.newAddress();
    private final MessageDecoder decoder = new MessageDecoder();
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
    void shouldSummariseEveryHeldPartitionWhenAStoreWriterSubscribes()
    {
        fixture = StoreFixture.start("store.sync.interval", 3_600_000); // only the summary on subscription
        append(TOPIC, partition, 0, 9);
        fixture.store.adopt("world", partition, 5, bytes("5"));

        try (ZContext context = new ZContext(1))
        {
            final ZMQ.Socket writer = subscribeToSummaries(context);

            final List<String> entries = entries(receiveSummary(writer));

            assertThat(entries).contains(TOPIC + "/" + partition + " 0..9", "world/" + partition + " 5..5");
            assertThat(entries).hasSize(3); // and the fixture's probe partition
        }
    }

    @Test
    void shouldSummariseAgainEverySyncIntervalIncludingNewPartitions()
    {
        fixture = StoreFixture.start("store.sync.interval", 300);
        append(TOPIC, partition, 0, 0);

        try (ZContext context = new ZContext(1))
        {
            final ZMQ.Socket writer = subscribeToSummaries(context);
            assertThat(entries(receiveSummary(writer))).contains(TOPIC + "/" + partition + " 0..0");
            append(TOPIC, partition, 1, 4);
            final String later = Addresses.newAddress();
            append("later", later, 0, 1);

            List<String> entries = entries(receiveSummary(writer));
            while (!entries.contains("later/" + later + " 0..1"))
            {
                entries = entries(receiveSummary(writer));
            }
            assertThat(entries).contains(TOPIC + "/" + partition + " 0..4");
        }
    }

    @Test
    void shouldSplitASummaryIntoMessagesOfAtMostMaxEntries()
    {
        fixture = StoreFixture.start("store.sync.interval", 3_600_000);
        final int partitions = 2 * StoreHeads.MAX_ENTRIES + 500;
        for (int i = 0; i < partitions; i++)
        {
            fixture.store.append("many", "P" + i, 0, bytes("0"));
        }
        fixture.store.flush();

        try (ZContext context = new ZContext(1))
        {
            final ZMQ.Socket writer = subscribeToSummaries(context);
            final List<Integer> sizes = new ArrayList<>();
            final List<String> entries = new ArrayList<>();
            while (entries.size() < partitions + 1)
            {
                final StoreHeads heads = receiveSummary(writer);
                sizes.add(heads.count());
                entries.addAll(entries(heads));
            }

            assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, StoreHeads.MAX_ENTRIES));
            assertThat(sizes).hasSize(3);
            assertThat(entries).doesNotHaveDuplicates().contains("many/P0 0..0", "many/P2499 0..0");
        }
    }

    private void append(final String subject, final String address, final long from, final long to)
    {
        for (long sequence = from; sequence <= to; sequence++)
        {
            fixture.store.append(subject, address, sequence, bytes(Long.toString(sequence)));
        }
        fixture.store.flush();
    }

    private ZMQ.Socket subscribeToSummaries(final ZContext context)
    {
        final ZMQ.Socket writer = Sockets.create(context, SocketType.SUB, 1 << 24);
        writer.setReceiveTimeOut(10_000);
        writer.subscribe(SubscriptionNotice.subscription(MessageType.STORE_HEADS, ""));
        writer.connect(fixture.node.readerEndpoint());
        return writer;
    }

    /** The next STORE-HEADS, checked to come from the fixture's store; fails after 10 s without one. */
    private StoreHeads receiveSummary(final ZMQ.Socket writer)
    {
        final byte[] frame = writer.recv();
        assertThat(frame).as("a STORE-HEADS within 10 s").isNotNull();
        assertThat(writer.hasReceiveMore()).isFalse();
        final StoreHeads heads = (StoreHeads)decoder.decode(frame);
        assertThat(heads.topic()).isEqualTo(fixture.node.readerAddress());
        assertThat(heads.address()).isEqualTo(fixture.node.writerAddress());
        return heads;
    }

    private static List<String> entries(final StoreHeads heads)
    {
        final List<String> entries = new ArrayList<>();
        for (int i = 0; i < heads.count(); i++)
        {
            entries.add(heads.subject(i) + "/" + heads.partition(i) + " " + heads.first(i) + ".." + heads.head(i));
        }
        return entries;
    }
}
