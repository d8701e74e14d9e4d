package io.dafka.store;

import java.util.List;

import org.zeromq.ZMQ;

import io.dafka.agent.Clock;
import io.dafka.codec.OffsetCommit;
import io.dafka.codec.OffsetCommitAck;
import io.dafka.codec.OffsetFetch;
import io.dafka.codec.OffsetFetchAnswer;
import io.dafka.transport.MessageChannel;

/**
 * The store writer's side of committed offsets (docs/protocol-extensions.md): applies each OFFSET-COMMIT to the
 * store's {@link GroupOffsets} and answers the consumer with an OFFSET-COMMIT-ACK once the commit is durable (or
 * refused); answers each OFFSET-FETCH with the entries asked for, in OFFSET-FETCH-ANSWER parts of at most
 * {@link OffsetFetchAnswer#MAX_ENTRIES}. Answers go out on the writer's XPUB with the consumer's address as ZMQ
 * topic. Writer thread only.
 */
final class OffsetAnswers
{
    private final GroupOffsets offsets;
    private final String store;
    private final Clock wallClock;
    private final OffsetCommitAck ack = new OffsetCommitAck();
    private final OffsetFetchAnswer answer = new OffsetFetchAnswer();

    /**
     * @param store     the writer's address, named in every answer
     * @param wallClock ms since the epoch, stamped on each stored commit
     */
    OffsetAnswers(final GroupOffsets offsets, final String store, final Clock wallClock)
    {
        this.offsets = offsets;
        this.store = store;
        this.wallClock = wallClock;
    }

    void onCommit(final OffsetCommit commit, final ZMQ.Socket publisher)
    {
        final GroupOffsets.Outcome outcome = offsets.commit(commit, wallClock.millis());
        MessageChannel.send(publisher, ack.set(commit.address(), store, commit.request(), outcome.status(),
            outcome.generation(), outcome.reason()));
    }

    void onFetch(final OffsetFetch fetch, final ZMQ.Socket publisher)
    {
        final List<OffsetFetchAnswer.Entry> entries = offsets.fetch(fetch.topic(), fetch.partitions());
        final int parts = Math.max(1, (entries.size() + OffsetFetchAnswer.MAX_ENTRIES - 1) /
            OffsetFetchAnswer.MAX_ENTRIES);
        for (int part = 0; part < parts; part++)
        {
            final int from = part * OffsetFetchAnswer.MAX_ENTRIES;
            final List<OffsetFetchAnswer.Entry> slice =
                entries.subList(from, Math.min(entries.size(), from + OffsetFetchAnswer.MAX_ENTRIES));
            MessageChannel.send(publisher, answer.set(fetch.address(), store, fetch.request(), part, parts, slice));
        }
    }
}
