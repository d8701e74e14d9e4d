package io.dafka.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.zeromq.ZMQ;

import io.dafka.DafkaException;

/**
 * Applies the application's commands to the consumer engine (engine thread only): subscriptions, and seek,
 * pause, resume and unsubscribe, which reposition cursors and take back from the {@link Handover} the records of
 * the partition that the application has not polled yet; their futures complete once the engine published its
 * view ({@link #completeApplied}). Once such a future completed, every record the application polls of the
 * partition is one delivered after the command, except after a seek to where the application stood anyway (the
 * next record it would have polled): that one keeps what was delivered, in order from the sought record, rather
 * than fetching it all again.
 */
final class CommandHandler
{
    private final FollowedTopics topics;
    private final CursorTable cursors;
    private final Handover handover;
    private final GapRequests gaps;
    private final ZMQ.Socket publisher;
    /** The consumer's group, or null if it has none. */
    private final GroupLink group;
    /** The requests for offsets kept by the stores, or null if the consumer keeps none there. */
    private final OffsetRequests offsets;
    private final List<CompletableFuture<Void>> applied = new ArrayList<>();

    CommandHandler(final FollowedTopics topics, final CursorTable cursors, final Handover handover,
        final GapRequests gaps, final ZMQ.Socket publisher, final GroupLink group, final OffsetRequests offsets)
    {
        this.group = group;
        this.offsets = offsets;
        this.topics = topics;
        this.cursors = cursors;
        this.handover = handover;
        this.gaps = gaps;
        this.publisher = publisher;
    }

    /** Fails a command the engine will not apply (it is closing). */
    static void refuse(final ConsumerCommand command)
    {
        if (command instanceof ConsumerCommand.OffsetsRequest request)
        {
            request.fail(new DafkaException("consumer closed before the engine applied the command"));
        }
        if (command.done() != null)
        {
            command.done().completeExceptionally(
                new DafkaException("consumer closed before the engine applied the command"));
        }
    }

    /** Applies one command; engine thread. */
    void apply(final ConsumerCommand command)
    {
        if (command instanceof ConsumerCommand.Subscribe subscribe)
        {
            topics.follow(subscribe.topic(), subscribe.subscribedAt());
        }
        else if (command instanceof ConsumerCommand.Unsubscribe unsubscribe)
        {
            onUnsubscribe(unsubscribe.topic());
        }
        else if (command instanceof ConsumerCommand.Seek seek)
        {
            onSeek(seek);
        }
        else if (command instanceof ConsumerCommand.WatchTopics)
        {
            topics.watch();
        }
        else if (command instanceof ConsumerCommand.Pause pause)
        {
            if (!onPause(pause))
            {
                pause.done().completeExceptionally(new DafkaException("cannot pause partition " + pause.partition() +
                    " of topic '" + pause.topic() + "': the consumer has not seen it"));
            }
        }
        else if (command instanceof ConsumerCommand.Resume resume)
        {
            onResume(resume);
        }
        else if (command instanceof ConsumerCommand.OffsetsRequest request)
        {
            onOffsetsRequest(request);
        }
        else
        {
            onGroupCommand(command);
        }
        if (command.done() != null)
        {
            applied.add(command.done());
        }
    }

    /** Completes the commands applied so far (a failed one stays failed): call once the view shows them. */
    void completeApplied()
    {
        applied.forEach(done -> done.complete(null));
        applied.clear();
    }

    /** A group command; fails its future if the consumer has no group or the command is invalid. */
    private void onGroupCommand(final ConsumerCommand command)
    {
        try
        {
            if (group == null)
            {
                throw new DafkaException("the consumer was built without a group");
            }
            group.apply(command);
        }
        catch (final DafkaException | IllegalArgumentException e)
        {
            command.done().completeExceptionally(e); // every group command has a future
        }
    }

    private void onOffsetsRequest(final ConsumerCommand.OffsetsRequest request)
    {
        if (offsets == null)
        {
            request.fail(new DafkaException("the consumer was built without offsets kept by the stores"));
        }
        else if (request instanceof ConsumerCommand.CommitOffsets commit)
        {
            offsets.commit(commit);
        }
        else
        {
            offsets.fetch((ConsumerCommand.FetchOffsets)request);
        }
    }

    private void onUnsubscribe(final String topic)
    {
        if (topics.unfollow(topic))
        {
            cursors.forEach(cursor ->
            {
                if (cursor.topic.equals(topic))
                {
                    takeBack(handover, cursors, cursor); // a later subscribe delivers them again
                }
            });
        }
    }

    private void onSeek(final ConsumerCommand.Seek seek)
    {
        PartitionCursor cursor = cursors.get(seek.topic(), seek.partition());
        if (cursor == null)
        {
            cursor = new PartitionCursor(seek.topic(), seek.partition(), seek.sequence() - 1);
            cursors.put(cursor);
        }
        if (cursor.positioned && nextPolled(cursor) == seek.sequence())
        {
            cursor.stayAt(seek.sequence()); // already there: what was delivered stays, nothing is fetched again
        }
        else
        {
            handover.takeBack(seek.topic(), seek.partition());
            cursor.reposition(seek.sequence());
        }
        cursors.changed(seek.topic());
        if (cursor.active())
        {
            gaps.request(publisher, cursor, cursor.knownHead);
        }
    }

    /** The sequence the application polls next of a positioned partition: the first not polled, else the next one. */
    private long nextPolled(final PartitionCursor cursor)
    {
        final long pending = handover.firstPending(cursor.topic, cursor.partition);
        return pending >= 0 ? pending : cursor.last + 1;
    }

    /** Pauses a partition the engine knows, taking back its records not polled yet; false if it is unknown. */
    private boolean onPause(final ConsumerCommand.Pause pause)
    {
        final PartitionCursor cursor = cursors.get(pause.topic(), pause.partition());
        if (cursor == null)
        {
            return false;
        }
        takeBack(handover, cursors, cursor);
        cursor.paused = true;
        return true;
    }

    private void onResume(final ConsumerCommand.Resume resume)
    {
        final PartitionCursor cursor = cursors.get(resume.topic(), resume.partition());
        if (cursor != null && cursor.paused)
        {
            cursor.paused = false;
            gaps.request(publisher, cursor, cursor.knownHead);
        }
    }

    /** Takes back a partition's records the application has not polled; its position moves back to the first. */
    static void takeBack(final Handover handover, final CursorTable cursors, final PartitionCursor cursor)
    {
        final long first = handover.takeBack(cursor.topic, cursor.partition);
        if (first >= 0)
        {
            cursor.reposition(first);
            cursors.changed(cursor.topic);
        }
    }
}
