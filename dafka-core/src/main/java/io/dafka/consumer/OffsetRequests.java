package io.dafka.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.dafka.DafkaException;
import io.dafka.agent.Clock;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DropReason;
import io.dafka.codec.MessageType;
import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetCommitAck;
import io.dafka.codec.OffsetFetch;
import io.dafka.codec.OffsetFetchAnswer;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.transport.MessageChannel;
import io.dafka.transport.Sockets;

/**
 * The consumer engine's requests for committed offsets kept by the stores (docs/groups.md): sends OFFSET-COMMIT
 * and OFFSET-FETCH to every store and completes each request from the answers, on the engine's thread.
 * <ul>
 *   <li>A fetch succeeds once complete answers came from a <em>read quorum</em>: {@code max(minStores, live -
 *       minStores + 1)} distinct stores, {@code live} being the stores connected to this consumer now (their
 *       readers, which subscribe to this consumer's CONSUMER-HELLO). Such a set shares a store with every set of
 *       {@code minStores} stores that acknowledged a commit. Per partition the entry with the highest
 *       (generation, store time) wins.</li>
 *   <li>A commit succeeds once {@code minStores} distinct stores acknowledged it and a read quorum answered it,
 *       so that a store holding a newer generation of its partitions (a commit acknowledged by {@code minStores}
 *       stores) is among those heard; it fails at once ({@link OffsetsException.Reason#FENCED}) if one refuses it
 *       as fenced, and at its deadline ({@link OffsetsException.Reason#TIMED_OUT}) if too few answered.</li>
 * </ul>
 * Neither completes earlier than {@code discoveryMillis} after the engine started, so that a consumer that just
 * started has heard of the live stores.
 * Requests are repeated to every store every {@code retryMillis} and at once when a store writer connects, until
 * they complete; stores apply a repeated commit again (it is idempotent) and the answers of a store already heard
 * are ignored. Answers arrive on a SUB socket of its own, never throttled, so that a commit completes while the
 * application is behind on its records.
 */
final class OffsetRequests
{
    private static final int MAX_MESSAGES_PER_WORK = 1000;

    /** One request in flight and the future of its outcome. */
    private static class Pending<T>
    {
        final DafkaMessage request;
        final int minStores;
        final long timeoutMillis;
        final long deadline;
        final CompletableFuture<T> result;
        long resendAt;

        Pending(final DafkaMessage request, final int minStores, final long timeoutMillis, final long now,
            final CompletableFuture<T> result)
        {
            this.request = request;
            this.minStores = minStores;
            this.timeoutMillis = timeoutMillis;
            this.deadline = now + timeoutMillis;
            this.result = result;
            this.resendAt = now;
        }

        void fail(final DafkaException failure)
        {
            result.completeExceptionally(failure);
        }
    }

    /** A commit: the stores that acknowledged it, and why others could not write it. */
    private static final class PendingCommit extends Pending<Void>
    {
        final Set<String> acknowledged = new HashSet<>();
        final Map<String, String> failed = new TreeMap<>();

        PendingCommit(final ConsumerCommand.CommitOffsets command, final OffsetCommit request, final long now)
        {
            super(request, command.minStores(), command.timeoutMillis(), now, command.result());
        }
    }

    /** A fetch: the parts received from each store, and the stores whose answer is complete. */
    private static final class PendingFetch extends Pending<List<OffsetFetchAnswer.Entry>>
    {
        final Map<String, Map<Long, List<OffsetFetchAnswer.Entry>>> parts = new HashMap<>();
        final Map<String, List<OffsetFetchAnswer.Entry>> complete = new HashMap<>();

        PendingFetch(final ConsumerCommand.FetchOffsets command, final OffsetFetch request, final long now)
        {
            super(request, command.minStores(), command.timeoutMillis(), now, command.result());
        }
    }

    private final String address;
    private final Clock clock;
    private final long retryMillis;
    /** Before this, the consumer may not know every live store yet: no fetch completes. */
    private final long discoveredAt;
    private final Map<Long, Pending<?>> pending = new LinkedHashMap<>();
    /** The store readers connected to this consumer: one per live store. */
    private final Set<String> liveStores = new HashSet<>();
    private long nextRequest = 1;
    private long maxMessageSize;
    private MessageChannel channel;
    private ZMQ.Socket publisher;
    private ZMQ.Socket subscriber;

    /**
     * @param address     the consumer's address: the ZMQ topic of the stores' answers
     * @param retryMillis     how long an unanswered request waits before it is sent again
     * @param discoveryMillis how long after its start the consumer may not know every live store yet
     */
    OffsetRequests(final String address, final Clock clock, final long retryMillis, final long discoveryMillis)
    {
        this.address = address;
        this.clock = clock;
        this.retryMillis = retryMillis;
        this.discoveredAt = clock.millis() + discoveryMillis;
    }

    /** Creates the answers' SUB socket (engine thread, at start); returns it, to be connected to every peer. */
    ZMQ.Socket open(final ZContext context, final long maxSize, final MessageChannel messageChannel,
        final ZMQ.Socket dataPublisher)
    {
        this.maxMessageSize = maxSize;
        this.channel = messageChannel;
        this.publisher = dataPublisher;
        subscriber = Sockets.create(context, SocketType.SUB, maxSize);
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.OFFSET_COMMIT_ACK, address));
        subscriber.subscribe(SubscriptionNotice.subscription(MessageType.OFFSET_FETCH_ANSWER, address));
        return subscriber;
    }

    /** Starts a commit (engine thread). */
    void commit(final ConsumerCommand.CommitOffsets command)
    {
        final OffsetCommit request = new OffsetCommit().set(command.group(), address, command.member(),
            command.generation(), nextRequest, command.entries());
        start(new PendingCommit(command, request, clock.millis()));
    }

    /** Starts a fetch (engine thread). */
    void fetch(final ConsumerCommand.FetchOffsets command)
    {
        final OffsetFetch request = new OffsetFetch().set(command.group(), address, nextRequest,
            command.partitions());
        start(new PendingFetch(command, request, clock.millis()));
    }

    /** A subscription notice of the engine's data socket: stores connecting and leaving. */
    void onNotice(final byte[] notice)
    {
        if (notice.length > 1 && notice[1] == MessageType.CONSUMER_HELLO.id())
        {
            if (notice[0] == 1)
            {
                liveStores.add(SubscriptionNotice.topic(notice));
            }
            else
            {
                liveStores.remove(SubscriptionNotice.topic(notice));
            }
            completeCommits(); // fewer live stores may need fewer answers
            completeFetches();
        }
        else if (SubscriptionNotice.isSubscribe(notice, MessageType.OFFSET_COMMIT) ||
            SubscriptionNotice.isSubscribe(notice, MessageType.OFFSET_FETCH))
        {
            // a store writer connected: what was sent before did not reach it
            pending.values().forEach(request -> request.resendAt = clock.millis());
        }
    }

    /** Reads answers, repeats unanswered requests and fails those past their deadline. */
    int doWork()
    {
        int work = 0;
        for (int i = 0; i < MAX_MESSAGES_PER_WORK; i++)
        {
            final DafkaMessage message = channel.receive(subscriber);
            if (message == null)
            {
                break;
            }
            if (message instanceof OffsetCommitAck ack)
            {
                onAck(ack);
            }
            else if (message instanceof OffsetFetchAnswer answer)
            {
                onAnswer(answer);
            }
            else
            {
                channel.dropped(DropReason.UNEXPECTED_TYPE);
            }
            work++;
        }
        final long now = clock.millis();
        completeCommits();
        completeFetches();
        for (final Iterator<Pending<?>> it = pending.values().iterator(); it.hasNext(); )
        {
            final Pending<?> request = it.next();
            if (now - request.deadline >= 0)
            {
                it.remove();
                request.fail(new OffsetsException(OffsetsException.Reason.TIMED_OUT, timedOut(request)));
                work++;
            }
            else if (now - request.resendAt >= 0)
            {
                MessageChannel.send(publisher, request.request);
                request.resendAt = now + retryMillis;
                work++;
            }
        }
        return work;
    }

    /** How long the engine may sleep before a request must be repeated or failed. */
    long idleMillis()
    {
        long idle = Long.MAX_VALUE;
        final long now = clock.millis();
        for (final Pending<?> request : pending.values())
        {
            idle = Math.min(idle, Math.max(0, Math.min(request.resendAt, request.deadline) - now));
            if (now - discoveredAt < 0)
            {
                idle = Math.min(idle, discoveredAt - now);
            }
        }
        return idle;
    }

    /** Fails every request in flight: the engine closes. */
    void close()
    {
        pending.values().forEach(request -> request.fail(new DafkaException("consumer closed before the stores " +
            "answered")));
        pending.clear();
    }

    private void start(final Pending<?> request)
    {
        nextRequest++;
        final byte[] frame = request.request.encode();
        if (frame.length > maxMessageSize)
        {
            request.fail(new DafkaException("the request is " + frame.length + " bytes, above " +
                "socket.max_message_size (" + maxMessageSize + " bytes): commit fewer partitions at a time"));
            return;
        }
        pending.put(requestNumber(request), request);
        MessageChannel.send(publisher, request.request);
        request.resendAt = clock.millis() + retryMillis;
    }

    private void onAck(final OffsetCommitAck ack)
    {
        if (!(pending.get(ack.request()) instanceof PendingCommit commit) || commit.acknowledged.contains(ack.store()))
        {
            return; // answered already, or a repeated answer
        }
        if (ack.status() == OffsetCommitAck.OK)
        {
            commit.acknowledged.add(ack.store());
            commit.failed.remove(ack.store());
            completeCommits();
        }
        else if (ack.status() == OffsetCommitAck.FENCED)
        {
            pending.remove(ack.request());
            commit.fail(new OffsetsException(OffsetsException.Reason.FENCED, "store " + ack.store() +
                " refused the commit: " + ack.reason(), ack.generation()));
        }
        else
        {
            commit.failed.put(ack.store(), ack.reason()); // not fenced there; repeated: the store may write again
            completeCommits();
        }
    }

    /** Completes the commits that enough stores acknowledged and a read quorum answered. */
    private void completeCommits()
    {
        if (clock.millis() - discoveredAt < 0)
        {
            return;
        }
        for (final Iterator<Pending<?>> it = pending.values().iterator(); it.hasNext(); )
        {
            if (it.next() instanceof PendingCommit commit && commit.acknowledged.size() >= commit.minStores &&
                commit.acknowledged.size() + commit.failed.size() >= storesToRead(commit.minStores))
            {
                it.remove();
                commit.result.complete(null);
            }
        }
    }

    private void onAnswer(final OffsetFetchAnswer answer)
    {
        if (!(pending.get(answer.request()) instanceof PendingFetch fetch) ||
            fetch.complete.containsKey(answer.store()) || answer.parts() < 1 || answer.part() >= answer.parts())
        {
            return;
        }
        final Map<Long, List<OffsetFetchAnswer.Entry>> parts =
            fetch.parts.computeIfAbsent(answer.store(), store -> new HashMap<>());
        parts.put(answer.part(), answer.entries());
        if (parts.size() == answer.parts())
        {
            final List<OffsetFetchAnswer.Entry> entries = new ArrayList<>();
            parts.values().forEach(entries::addAll);
            fetch.complete.put(answer.store(), entries);
            fetch.parts.remove(answer.store());
            completeFetches();
        }
    }

    /** Completes the fetches that have answers from enough stores. */
    private void completeFetches()
    {
        if (clock.millis() - discoveredAt < 0)
        {
            return;
        }
        for (final Iterator<Pending<?>> it = pending.values().iterator(); it.hasNext(); )
        {
            if (it.next() instanceof PendingFetch fetch && fetch.complete.size() >= storesToRead(fetch.minStores))
            {
                it.remove();
                fetch.result.complete(merge(fetch.complete.values()));
            }
        }
    }

    /** How many stores a read needs to share a store with every set of {@code minStores} writers. */
    private int storesToRead(final int minStores)
    {
        return Math.max(minStores, liveStores.size() - minStores + 1);
    }

    /** Per partition, the entry of the highest generation, then of the latest store time. */
    private static List<OffsetFetchAnswer.Entry> merge(final Iterable<List<OffsetFetchAnswer.Entry>> answers)
    {
        final Map<OffsetFetch.Partition, OffsetFetchAnswer.Entry> best = new HashMap<>();
        for (final List<OffsetFetchAnswer.Entry> entries : answers)
        {
            for (final OffsetFetchAnswer.Entry entry : entries)
            {
                best.merge(new OffsetFetch.Partition(entry.subject(), entry.partition()), entry,
                    (held, other) -> newer(other, held) ? other : held);
            }
        }
        return List.copyOf(best.values());
    }

    private static boolean newer(final OffsetFetchAnswer.Entry entry, final OffsetFetchAnswer.Entry than)
    {
        return entry.generation() != than.generation() ? entry.generation() > than.generation()
            : entry.time() > than.time();
    }

    private String timedOut(final Pending<?> request)
    {
        final StringBuilder text = new StringBuilder();
        if (request instanceof PendingCommit commit)
        {
            text.append(commit.acknowledged.size()).append(" of the ").append(commit.minStores)
                .append(" stores required acknowledged the commit within ").append(request.timeoutMillis)
                .append(" ms");
            final int answered = commit.acknowledged.size() + commit.failed.size();
            if (commit.acknowledged.size() >= commit.minStores)
            {
                text.append(", but only ").append(answered).append(" of the ").append(storesToRead(commit.minStores))
                    .append(" connected stores a commit must hear from answered (one may hold a newer generation)");
            }
            commit.failed.forEach((store, reason) -> text.append("; store ").append(store).append(": ")
                .append(reason));
        }
        else
        {
            final PendingFetch fetch = (PendingFetch)request;
            text.append(fetch.complete.size()).append(" of the ").append(storesToRead(fetch.minStores))
                .append(" stores required answered the offset fetch within ").append(request.timeoutMillis)
                .append(" ms");
        }
        if (liveStores.isEmpty())
        {
            text.append(" (no store is connected to this consumer: are the Dafka stores running and reachable?)");
        }
        return text.toString();
    }

    private static long requestNumber(final Pending<?> request)
    {
        return request.request instanceof OffsetCommit commit ? commit.request()
            : ((OffsetFetch)request.request).request();
    }
}
