package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.codec.ConsumerHello;
import io.dafka.codec.Fetch;
import io.dafka.codec.GetHeads;
import io.dafka.codec.MessageDecoder;
import io.dafka.codec.MessageType;
import io.dafka.codec.StoreHello;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.testing.Received;
import io.dafka.transport.Addresses;
import io.dafka.transport.Metric;
import io.dafka.transport.Sockets;

/** The store reader (docs/protocol.md#store-reader) against a fake consumer. */
@Timeout(60)
class StoreReaderAgentTest
{
    private static final String TOPIC = "hello";
    private static final int STORED = 10;

    private final String partition = Addresses.newAddress();
    private StoreFixture fixture;

    @BeforeEach
    void start() throws InterruptedException
    {
        fixture = StoreFixture.start();
        for (int sequence = 0; sequence < STORED; sequence++)
        {
            fixture.store.append(TOPIC, partition, sequence, bytes("record " + sequence));
        }
        fixture.awaitReaderLinked();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void shouldAnswerFetchWithAtMostCountRecords() throws InterruptedException
    {
        fixture.peer.send(fetch(fixture.peer.address(), 3, 4));

        final List<Received> answer = answerBeforeMarker();
        assertThat(answer).extracting(Received::sequence).containsExactly(3L, 4L, 5L, 6L);
        assertThat(answer).extracting(Received::text)
            .containsExactly("record 3", "record 4", "record 5", "record 6");
        assertThat(answer).allSatisfy(record ->
        {
            assertThat(record.topic()).isEqualTo(fixture.peer.address());
            assertThat(record.address()).isEqualTo(partition);
            assertThat(record.subject()).isEqualTo(TOPIC);
        });
    }

    @Test
    void shouldAnswerFetchUpToTheStoredHead() throws InterruptedException
    {
        fixture.peer.send(fetch(fixture.peer.address(), 7, 100_000));

        assertThat(answerBeforeMarker()).extracting(Received::sequence).containsExactly(7L, 8L, 9L);
    }

    @Test
    void shouldSendNothingWhenTheFirstFetchedSequenceIsNotStored() throws InterruptedException
    {
        fixture.peer.send(fetch(fixture.peer.address(), STORED, 5));
        fixture.peer.send(new Fetch().set(Addresses.newAddress(), fixture.peer.address(), TOPIC, 0, 5));

        assertThat(answerBeforeMarker()).isEmpty();
    }

    @Test
    void shouldServeALargeFetchCompletelyAndInOrder() throws InterruptedException
    {
        final String big = Addresses.newAddress();
        final int count = 3 * StoreReaderAgent.RECORDS_PER_WORK + 17;
        for (int sequence = 0; sequence < count; sequence++)
        {
            fixture.store.append(TOPIC, big, sequence, bytes(Integer.toString(sequence)));
        }

        fixture.peer.send(new Fetch().set(big, fixture.peer.address(), TOPIC, 0, 100_000));

        final List<Received> answer = fixture.receiveUntil(MessageType.DIRECT_RECORD,
                record -> record.address().equals(big) && record.sequence() == count - 1).stream()
            .filter(m -> m.type() == MessageType.DIRECT_RECORD && m.address().equals(big)).toList();
        assertThat(answer).extracting(Received::sequence)
            .containsExactlyElementsOf(LongStream.range(0, count).boxed().toList());
        assertThat(answer.get(count - 1).text()).isEqualTo(Integer.toString(count - 1));
    }

    @Test
    void shouldIgnoreAFetchFromItsOwnWriter() throws InterruptedException
    {
        final long servedBefore = fixture.node.readerMetrics().get(Metric.RECORDS_SERVED);

        fixture.peer.send(fetch(fixture.node.writerAddress(), 0, 5));
        fixture.peer.send(fetch(fixture.peer.address(), 1, 2));

        final List<Received> answer = answerBeforeMarker();
        assertThat(answer).extracting(Received::topic).containsOnly(fixture.peer.address());
        assertThat(answer).extracting(Received::sequence).containsExactly(1L, 2L);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(fixture.node.readerMetrics().get(Metric.RECORDS_SERVED)).isEqualTo(servedBefore + 2 + 1));
    }

    @Test
    void shouldAnswerGetHeadsForTheExactTopicOnly() throws InterruptedException
    {
        final String hello2 = Addresses.newAddress();
        final String hell = Addresses.newAddress();
        fixture.store.append("hello2", hello2, 0, bytes("x"));
        fixture.store.append("hell", hell, 0, bytes("x"));

        fixture.peer.send(new GetHeads().set(TOPIC, fixture.peer.address()));

        final List<Received> heads = headsBeforeMarker();
        assertThat(heads).extracting(Received::subject).containsOnly(TOPIC);
        assertThat(heads).singleElement().satisfies(head ->
        {
            assertThat(head.topic()).isEqualTo(fixture.peer.address());
            assertThat(head.address()).isEqualTo(partition);
            assertThat(head.sequence()).isEqualTo(STORED - 1);
        });
    }

    @Test
    void shouldAnswerConsumerHelloWithTheHeadsOfItsSubjects() throws InterruptedException
    {
        final String world = Addresses.newAddress();
        fixture.store.append("world", world, 0, bytes("x"));
        fixture.store.append("world", world, 1, bytes("y"));
        final ConsumerHello hello = new ConsumerHello()
            .set(fixture.node.readerAddress(), fixture.peer.address(), List.of(TOPIC, "world"));

        fixture.resendUntil(hello, MessageType.DIRECT_HEAD, head -> head.subject().equals("world"));
        headsBeforeMarker(); // answers to the hellos sent while waiting
        fixture.peer.send(hello);

        final List<Received> heads = headsBeforeMarker();
        assertThat(heads).extracting(head -> head.subject() + "/" + head.address() + "@" + head.sequence())
            .containsExactlyInAnyOrder(TOPIC + "/" + partition + "@" + (STORED - 1), "world/" + world + "@1");
        assertThat(heads).extracting(Received::topic).containsOnly(fixture.peer.address());
    }

    @Test
    void shouldGreetAConsumerThatSubscribesToStoreHello()
    {
        final String consumer = Addresses.newAddress();
        try (ZContext context = new ZContext(1))
        {
            final ZMQ.Socket subscriber = Sockets.create(context, SocketType.SUB, 1 << 20);
            subscriber.setReceiveTimeOut(10_000);
            subscriber.subscribe(SubscriptionNotice.subscription(MessageType.STORE_HELLO, consumer));
            subscriber.connect(fixture.node.readerEndpoint());

            final byte[] frame = subscriber.recv();
            assertThat(frame).as(this::readerState).isNotNull();
            assertThat(new MessageDecoder().decode(frame)).isInstanceOfSatisfying(StoreHello.class, hello ->
            {
                assertThat(hello.topic()).isEqualTo(consumer);
                assertThat(hello.address()).isEqualTo(fixture.node.readerAddress());
            });
        }
    }

    /** Diagnostics for a missing answer: the reader's counters and what its thread is doing. */
    private String readerState()
    {
        final StringBuilder state = new StringBuilder("no STORE-HELLO from ").append(fixture.node.readerEndpoint())
            .append("; reader metrics ").append(fixture.node.readerMetrics());
        Thread.getAllStackTraces().forEach((thread, stack) ->
        {
            if (thread.getName().startsWith("dafka-store-reader"))
            {
                state.append("\n").append(thread).append(' ').append(thread.getState());
                for (final StackTraceElement element : stack)
                {
                    state.append("\n    at ").append(element);
                }
            }
        });
        return state.toString();
    }

    private Fetch fetch(final String requester, final long from, final long count)
    {
        return new Fetch().set(partition, requester, TOPIC, from, count);
    }

    /**
     * The DIRECT-RECORDs received before the answer to a FETCH of a new marker partition, sent now: the reader
     * answers small FETCHes in order, so everything it sent for earlier ones came first.
     */
    private List<Received> answerBeforeMarker() throws InterruptedException
    {
        final String marker = Addresses.newAddress();
        fixture.store.append("$marker", marker, 0, bytes("marker"));
        fixture.peer.send(new Fetch().set(marker, fixture.peer.address(), "$marker", 0, 1));
        return fixture.receiveUntil(MessageType.DIRECT_RECORD, record -> record.address().equals(marker)).stream()
            .filter(m -> m.type() == MessageType.DIRECT_RECORD && !m.address().equals(marker)).toList();
    }

    /**
     * The DIRECT-HEADs received before the answer to a GET-HEADS of a new marker topic, sent now, leaving out
     * those of the fixture's probe topic.
     */
    private List<Received> headsBeforeMarker() throws InterruptedException
    {
        final String topic = "$marker-" + Addresses.newAddress();
        fixture.store.append(topic, Addresses.newAddress(), 0, bytes("marker"));
        fixture.peer.send(new GetHeads().set(topic, fixture.peer.address()));
        return fixture.receiveUntil(MessageType.DIRECT_HEAD, head -> head.subject().equals(topic)).stream()
            .filter(m -> m.type() == MessageType.DIRECT_HEAD && !m.subject().equals(topic) &&
                !m.subject().equals(StoreFixture.READER_PROBE))
            .toList();
    }
}
