package io.dafka.system.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.dafka.codec.GetHeads;
import io.dafka.codec.Head;
import io.dafka.codec.MessageType;
import io.dafka.codec.Record;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.HostileClient;
import io.dafka.testing.Loopback;
import io.dafka.testing.TestPeer;

/**
 * Well-formed ZMTP carrying bad Dafka frames. A fake peer that beacons like a node publishes, to every peer's
 * subscriptions, frames with wrong versions, an RFC 46 signature, string lengths past the end, a CONSUMER-HELLO
 * claiming 4 G subjects, missing and extra frames, and (reaching nobody, as subscriptions filter them) unknown ids
 * and empty frames. Then a raw ZMTP SUB sends every peer's data socket (and the tower's XPUB) upstream messages
 * that are no subscription: an empty frame and other first bytes, mixed with valid odd-length subscriptions. Each
 * peer must drop and count exactly the bad messages it received, and keep working: records stream before and
 * after, and every one arrives once, in order, and is stored.
 */
public final class BadFramesScenario implements Scenario
{
    private static final String TOPIC = LoopbackCluster.TOPIC;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<byte[]> JUNK_NOTICES = List.of(new byte[0], new byte[] {0x02, 'x'}, new byte[] {(byte)0xFF});
    private static final List<byte[]> VALID_ODD_NOTICES = List.of(new byte[] {0x01}, new byte[] {0x00},
        new byte[] {0x01, 'W'}, new byte[] {0x00, 'L', 'x'});

    /** One bad message, the peers whose subscriptions it matches (each must count it once). */
    private record BadMessage(String what, List<String> reaches, byte[]... frames)
    {
    }

    @Override
    public String name()
    {
        return "bad-dafka-frames";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        try (LoopbackCluster cluster = LoopbackCluster.start(scale.records(2_000, 200_000));
             TestPeer fake = new TestPeer(Loopback.nodeConfig(cluster.tower)))
        {
            cluster.streamAndAwait(cluster.total() / 2);
            awaitEveryPeerSubscribed(cluster, fake);
            final Map<String, Long> before = cluster.malformedByPeer();
            final Map<String, Long> expected = new LinkedHashMap<>();
            before.keySet().forEach(peer -> expected.put(peer, 0L));

            final List<BadMessage> bad = badMessages(cluster);
            for (final BadMessage message : bad)
            {
                fake.sendRaw(message.frames());
                message.reaches().forEach(peer -> expected.merge(peer, 1L, Long::sum));
            }
            final List<HostileClient> upstream = new ArrayList<>();
            try
            {
                for (final String endpoint : List.of(cluster.tower.pubEndpoint(), cluster.producerEndpoint(),
                    cluster.store.writerEndpoint(), cluster.store.readerEndpoint(), cluster.consumer.endpoint()))
                {
                    upstream.add(sendNotices(endpoint));
                }
                expected.replaceAll((peer, count) -> count + JUNK_NOTICES.size());
                awaitCounted(cluster, before, expected);
                final long attacked = System.nanoTime();
                cluster.streamAndAwait(cluster.total());
                final Duration converge = Duration.ofNanos(System.nanoTime() - attacked);
                final Map<String, Long> counted = counted(cluster, before);
                final long missed = expected.entrySet().stream()
                    .mapToLong(e -> Math.abs(e.getValue() - counted.get(e.getKey()))).sum();
                return cluster.figure(name(), converge, String.format(
                    "bad-messages=%d (reaching nobody: %d) junk-notices=%d valid-odd-notices=%d " +
                        "dropped-and-counted=%s expected=%s miscounted=%d",
                    bad.size(), bad.stream().filter(m -> m.reaches().isEmpty()).count(),
                    JUNK_NOTICES.size() * upstream.size(), VALID_ODD_NOTICES.size() * upstream.size(), counted,
                    expected, missed)).withProblemIf(missed != 0, "drops counted " + counted + ", expected " + expected);
            }
            finally
            {
                for (final HostileClient client : upstream)
                {
                    client.close();
                }
            }
        }
    }

    /** The fake peer's XPUB saw the subscriptions of the consumer, the producer and both store nodes. */
    private static void awaitEveryPeerSubscribed(final LoopbackCluster cluster, final TestPeer fake)
        throws InterruptedException
    {
        fake.awaitSubscriptions(List.of(
            SubscriptionNotice.exactSubscription(MessageType.RECORD, TOPIC),
            SubscriptionNotice.exactSubscription(MessageType.HEAD, TOPIC),
            SubscriptionNotice.subscription(MessageType.DIRECT_RECORD, cluster.consumer.address()),
            SubscriptionNotice.subscription(MessageType.RECORD, ""),
            SubscriptionNotice.subscription(MessageType.HEAD, ""),
            SubscriptionNotice.subscription(MessageType.DIRECT_RECORD, cluster.store.writerAddress()),
            SubscriptionNotice.subscription(MessageType.ACK, cluster.partition()),
            SubscriptionNotice.subscription(MessageType.FETCH, cluster.partition()),
            SubscriptionNotice.subscription(MessageType.FETCH, ""),
            SubscriptionNotice.subscription(MessageType.GET_HEADS, ""),
            SubscriptionNotice.subscription(MessageType.CONSUMER_HELLO, cluster.store.readerAddress())));
    }

    private static List<BadMessage> badMessages(final LoopbackCluster cluster)
    {
        final String partition = cluster.partition();
        final String writer = cluster.store.writerAddress();
        final String reader = cluster.store.readerAddress();
        final String consumer = cluster.consumer.address();
        final List<String> liveReaders = List.of("consumer", "store-writer");
        final byte[] record = new Record().set(TOPIC, partition, TOPIC, 0, new byte[0]).encode();
        final byte[] head = new Head().set(TOPIC, partition, TOPIC, 0).encode();
        final List<BadMessage> bad = new ArrayList<>();
        bad.add(new BadMessage("RECORD version 2", liveReaders, withVersion(record, 0x02), new byte[0]));
        bad.add(new BadMessage("RECORD with RFC signature", liveReaders,
            bytes('M', TOPIC, 0, 0xAA, 0xA5, 0x01, 4, "ABCD"), new byte[0]));
        bad.add(new BadMessage("RECORD address length 255", liveReaders, bytes('M', TOPIC, 0, 0x01, 0xFF, "ABCD"),
            new byte[0]));
        bad.add(new BadMessage("RECORD without content frame", liveReaders, record));
        bad.add(new BadMessage("RECORD without version", liveReaders, bytes('M', TOPIC, 0)));
        bad.add(new BadMessage("HEAD with an extra frame", liveReaders, head, new byte[0]));
        bad.add(new BadMessage("RECORD without topic terminator", List.of("store-writer"), bytes('M', "xyz")));
        bad.add(new BadMessage("DIRECT-RECORD to writer, address length 255", List.of("store-writer"),
            bytes('D', writer, 0, 0x01, 0xFF, partition), new byte[0]));
        bad.add(new BadMessage("DIRECT-RECORD to consumer, version 0", List.of("consumer"),
            bytes('D', consumer, 0, 0x00, 32, partition), new byte[0]));
        bad.add(new BadMessage("ACK version 2", List.of("producer"), bytes('K', partition, 0, 0x02, 5, TOPIC)));
        bad.add(new BadMessage("ACK subject length 255", List.of("producer"),
            bytes('K', partition, 0, 0x01, 0xFF, TOPIC)));
        bad.add(new BadMessage("FETCH cut in its sequence", List.of("producer", "store-reader"),
            bytes('F', partition, 0, 0x01, 4, "C0FE", 7, TOPIC, 0, 0, 0)));
        bad.add(new BadMessage("GET-HEADS address length 255", List.of("store-reader"), bytes('G', TOPIC, 0, 0x01, 0xFF)));
        bad.add(new BadMessage("GET-HEADS with an extra frame", List.of("store-reader"),
            new GetHeads().set(TOPIC, consumer).encode(), new byte[0]));
        bad.add(new BadMessage("CONSUMER-HELLO claiming 4 G subjects", List.of("store-reader"),
            bytes('W', reader, 0, 0x01, 4, "C0FE", 0xFF, 0xFF, 0xFF, 0xFF)));
        bad.add(new BadMessage("unknown id Z", List.of(), bytes('Z', TOPIC, 0, 0x01)));
        bad.add(new BadMessage("empty frame", List.of(), new byte[0]));
        return bad;
    }

    /** Connects as a SUB to {@code endpoint} and sends junk and valid odd-length subscriptions, interleaved. */
    private static HostileClient sendNotices(final String endpoint) throws IOException
    {
        final HostileClient client = HostileClient.connect(endpoint).handshakeAsSub();
        for (int i = 0; i < Math.max(JUNK_NOTICES.size(), VALID_ODD_NOTICES.size()); i++)
        {
            if (i < VALID_ODD_NOTICES.size())
            {
                client.sendFrame(VALID_ODD_NOTICES.get(i), false);
            }
            if (i < JUNK_NOTICES.size())
            {
                client.sendFrame(JUNK_NOTICES.get(i), false);
            }
        }
        return client;
    }

    private static void awaitCounted(final LoopbackCluster cluster, final Map<String, Long> before,
        final Map<String, Long> expected)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline)
        {
            final Map<String, Long> counted = counted(cluster, before);
            if (expected.entrySet().stream().allMatch(e -> counted.get(e.getKey()) >= e.getValue()))
            {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polls the counters until the deadline
        }
    }

    private static Map<String, Long> counted(final LoopbackCluster cluster, final Map<String, Long> before)
    {
        final Map<String, Long> counted = new LinkedHashMap<>();
        cluster.malformedByPeer().forEach((peer, after) -> counted.put(peer, after - before.get(peer)));
        return counted;
    }

    private static byte[] withVersion(final byte[] frame, final int version)
    {
        final byte[] copy = frame.clone();
        int terminator = 1;
        while (copy[terminator] != 0)
        {
            terminator++;
        }
        copy[terminator + 1] = (byte)version;
        return copy;
    }

    /** Concatenates parts: a String as UTF-8, an Integer or Character as one byte. */
    private static byte[] bytes(final Object... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final Object part : parts)
        {
            if (part instanceof String text)
            {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            }
            else if (part instanceof Character c)
            {
                out.write(c);
            }
            else
            {
                out.write((Integer)part);
            }
        }
        return out.toByteArray();
    }
}
