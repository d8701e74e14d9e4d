package io.dafka.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.zeromq.ZMQ;

import io.dafka.codec.GetHeads;
import io.dafka.codec.MessageType;
import io.dafka.codec.SubscriptionNotice;
import io.dafka.transport.MessageChannel;

/**
 * The topics a consumer engine follows, each with the time the application subscribed to it, and the socket
 * subscriptions that follow from them: RECORD and HEAD of each topic, and every topic's HEADs while watching for
 * topic names. Engine thread only.
 */
final class FollowedTopics
{
    private final Map<String, Long> subscribedAt = new LinkedHashMap<>();
    private final ZMQ.Socket subscriber;
    private final ZMQ.Socket publisher;
    private final String address;
    private final boolean askStoresForHeads;
    private final GetHeads getHeads = new GetHeads();
    private boolean watching;

    /** @param askStoresForHeads whether a new topic's heads are asked of the stores (GET-HEADS) */
    FollowedTopics(final ZMQ.Socket subscriber, final ZMQ.Socket publisher, final String address,
        final boolean askStoresForHeads)
    {
        this.subscriber = subscriber;
        this.publisher = publisher;
        this.address = address;
        this.askStoresForHeads = askStoresForHeads;
    }

    /** Starts following {@code topic}, subscribed at {@code at} (ms since the epoch); no-op if followed. */
    void follow(final String topic, final long at)
    {
        if (subscribedAt.putIfAbsent(topic, at) != null)
        {
            return;
        }
        subscriber.subscribe(SubscriptionNotice.exactSubscription(MessageType.RECORD, topic));
        subscriber.subscribe(SubscriptionNotice.exactSubscription(MessageType.HEAD, topic));
        if (askStoresForHeads)
        {
            MessageChannel.send(publisher, getHeads.set(topic, address));
        }
    }

    /** Stops following {@code topic}; returns whether it was followed. */
    boolean unfollow(final String topic)
    {
        if (subscribedAt.remove(topic) == null)
        {
            return false;
        }
        subscriber.unsubscribe(SubscriptionNotice.exactSubscription(MessageType.RECORD, topic));
        subscriber.unsubscribe(SubscriptionNotice.exactSubscription(MessageType.HEAD, topic));
        return true;
    }

    /** Starts receiving the HEADs of every topic, to learn topic names. */
    void watch()
    {
        if (!watching)
        {
            watching = true;
            subscriber.subscribe(SubscriptionNotice.subscription(MessageType.HEAD, ""));
        }
    }

    boolean watching()
    {
        return watching;
    }

    boolean contains(final String topic)
    {
        return subscribedAt.containsKey(topic);
    }

    /** When the application subscribed to a followed {@code topic} (ms since the epoch), else Long.MIN_VALUE. */
    long subscribedAt(final String topic)
    {
        return subscribedAt.getOrDefault(topic, Long.MIN_VALUE);
    }

    /** The topics asked of the stores in a CONSUMER-HELLO: all followed ones, or none without store discovery. */
    List<String> askedOfStores()
    {
        return askStoresForHeads ? new ArrayList<>(subscribedAt.keySet()) : List.of();
    }
}
