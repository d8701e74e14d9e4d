package io.dafka.codec;

import java.nio.charset.StandardCharsets;

/**
 * An XPUB subscription notification: {@code 0x01 | id | topic bytes} for subscribe, {@code 0x00 | ...} for
 * unsubscribe, with no NUL. Consumers react to {@code 0x01 'W' <store reader address>} and store readers to
 * {@code 0x01 'L' <consumer address>}. Anything shorter than 2 bytes or with another id is ignored.
 */
public final class SubscriptionNotice
{
    private static final byte SUBSCRIBE = 0x01;

    private SubscriptionNotice()
    {
    }

    /** Whether {@code frame} is a subscribe or unsubscribe notification at all (first byte 0x01 or 0x00). */
    public static boolean isNotice(final byte[] frame)
    {
        return frame != null && frame.length >= 1 && (frame[0] == SUBSCRIBE || frame[0] == 0x00);
    }

    /** Whether {@code frame} subscribes to messages of {@code type}. */
    public static boolean isSubscribe(final byte[] frame, final MessageType type)
    {
        return frame != null && frame.length >= 2 && frame[0] == SUBSCRIBE && frame[1] == type.id();
    }

    /** Whether {@code frame} unsubscribes from messages of {@code type}. */
    public static boolean isUnsubscribe(final byte[] frame, final MessageType type)
    {
        return frame != null && frame.length >= 2 && frame[0] == 0x00 && frame[1] == type.id();
    }

    /** The topic after the id: for 'W' and 'L' subscriptions, the subscriber's address. */
    public static String topic(final byte[] frame)
    {
        return new String(frame, 2, frame.length - 2, StandardCharsets.UTF_8);
    }

    /** The subscription bytes for a SUB socket: {@code id + topic}, with no NUL (C's layout). */
    public static byte[] subscription(final MessageType type, final String topic)
    {
        final byte[] utf8 = topic.getBytes(StandardCharsets.UTF_8);
        final byte[] subscription = new byte[1 + utf8.length];
        subscription[0] = type.id();
        System.arraycopy(utf8, 0, subscription, 1, utf8.length);
        return subscription;
    }

    /**
     * An exact-topic subscription {@code id + topic + NUL}: matches C's frames byte for byte but, unlike C's prefix
     * subscription, not {@code topic2} (docs/protocol.md#exact-topic-matching).
     */
    public static byte[] exactSubscription(final MessageType type, final String topic)
    {
        final byte[] prefix = subscription(type, topic);
        final byte[] exact = new byte[prefix.length + 1];
        System.arraycopy(prefix, 0, exact, 0, prefix.length);
        exact[prefix.length] = Wire.TOPIC_TERMINATOR;
        return exact;
    }
}
