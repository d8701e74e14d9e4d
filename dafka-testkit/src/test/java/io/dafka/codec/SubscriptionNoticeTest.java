package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * XPUB subscription notifications (docs/protocol.md#xpub-subscription-notices) and the subscription bytes a SUB
 * socket uses (#subscriptions), including the exact-topic form that avoids the C prefix leak
 * (docs/protocol.md#exact-topic-matching).
 */
class SubscriptionNoticeTest
{
    private static final String STORE_READER = "3313F3A8890D4FAD8CA6FBB4BBCEBA8E";
    private static final String CONSUMER = "D6232FFF9D3C46ECBDA924D1A0CA7E62";

    private static byte[] notice(final int kind, final char id, final String topic)
    {
        final byte[] utf8 = topic.getBytes(StandardCharsets.UTF_8);
        final byte[] frame = new byte[2 + utf8.length];
        frame[0] = (byte)kind;
        frame[1] = (byte)id;
        System.arraycopy(utf8, 0, frame, 2, utf8.length);
        return frame;
    }

    private static boolean startsWith(final byte[] frame, final byte[] prefix)
    {
        return frame.length >= prefix.length && Arrays.equals(frame, 0, prefix.length, prefix, 0, prefix.length);
    }

    // ---------------------------------------------------------------- isSubscribe

    @Test
    void shouldRecogniseSubscribeToConsumerHelloFromAStoreReader()
    {
        final byte[] frame = notice(0x01, 'W', STORE_READER);

        assertThat(SubscriptionNotice.isSubscribe(frame, MessageType.CONSUMER_HELLO)).isTrue();
    }

    @Test
    void shouldRecogniseSubscribeToStoreHelloFromAConsumer()
    {
        final byte[] frame = notice(0x01, 'L', CONSUMER);

        assertThat(SubscriptionNotice.isSubscribe(frame, MessageType.STORE_HELLO)).isTrue();
        assertThat(SubscriptionNotice.isSubscribe(frame, MessageType.CONSUMER_HELLO)).isFalse();
    }

    @Test
    void shouldMatchOnlyTheTypeWhoseIdFollowsTheSubscribeByte()
    {
        for (final MessageType notified : MessageType.values())
        {
            final byte[] frame = notice(0x01, (char)notified.id(), "hello");
            for (final MessageType asked : MessageType.values())
            {
                assertThat(SubscriptionNotice.isSubscribe(frame, asked))
                    .as("notice for %s asked as %s", notified, asked)
                    .isEqualTo(notified == asked);
            }
        }
    }

    @Test
    void shouldNotTreatUnsubscribeAsSubscribe()
    {
        assertThat(SubscriptionNotice.isSubscribe(notice(0x00, 'W', STORE_READER), MessageType.CONSUMER_HELLO))
            .isFalse();
        assertThat(SubscriptionNotice.isSubscribe(notice(0x00, 'L', CONSUMER), MessageType.STORE_HELLO)).isFalse();
    }

    @Test
    void shouldIgnoreOtherFirstBytes()
    {
        assertThat(SubscriptionNotice.isSubscribe(notice(0x02, 'W', STORE_READER), MessageType.CONSUMER_HELLO))
            .isFalse();
        assertThat(SubscriptionNotice.isSubscribe(notice('W', 'W', STORE_READER), MessageType.CONSUMER_HELLO))
            .isFalse();
    }

    @Test
    void shouldIgnoreFramesShorterThanTwoBytes()
    {
        assertThat(SubscriptionNotice.isSubscribe(null, MessageType.CONSUMER_HELLO)).isFalse();
        assertThat(SubscriptionNotice.isSubscribe(new byte[0], MessageType.CONSUMER_HELLO)).isFalse();
        // the notice of a "" subscription (subscribe to everything) is the single byte 0x01
        assertThat(SubscriptionNotice.isSubscribe(new byte[] {0x01}, MessageType.CONSUMER_HELLO)).isFalse();
        assertThat(SubscriptionNotice.isSubscribe(new byte[] {0x00}, MessageType.STORE_HELLO)).isFalse();
    }

    @Test
    void shouldIgnoreOtherIds()
    {
        assertThat(SubscriptionNotice.isSubscribe(notice(0x01, 'M', "hello"), MessageType.CONSUMER_HELLO)).isFalse();
        assertThat(SubscriptionNotice.isSubscribe(notice(0x01, 'B', STORE_READER), MessageType.CONSUMER_HELLO))
            .isFalse();
        assertThat(SubscriptionNotice.isSubscribe(notice(0x01, 'w', STORE_READER), MessageType.CONSUMER_HELLO))
            .isFalse();
        assertThat(SubscriptionNotice.isSubscribe(new byte[] {0x01, (byte)0xD7}, MessageType.CONSUMER_HELLO))
            .isFalse();
    }

    @Test
    void shouldTreatATwoByteNoticeAsSubscribeToTheWholeTypeWithAnEmptyTopic()
    {
        final byte[] frame = {0x01, 'W'};

        assertThat(SubscriptionNotice.isSubscribe(frame, MessageType.CONSUMER_HELLO)).isTrue();
        assertThat(SubscriptionNotice.topic(frame)).isEmpty();
    }

    // ---------------------------------------------------------------- topic

    @Test
    void shouldExtractTheSubscriberAddressAsTheTopic()
    {
        assertThat(SubscriptionNotice.topic(notice(0x01, 'W', STORE_READER))).isEqualTo(STORE_READER);
        assertThat(SubscriptionNotice.topic(notice(0x01, 'L', CONSUMER))).isEqualTo(CONSUMER);
        assertThat(SubscriptionNotice.topic(notice(0x00, 'L', CONSUMER))).isEqualTo(CONSUMER);
    }

    @Test
    void shouldExtractTheWholeRestOfTheFrameAsUtf8Topic()
    {
        assertThat(SubscriptionNotice.topic(notice(0x01, 'M', "Grüße 🚀"))).isEqualTo("Grüße 🚀");
        assertThat(SubscriptionNotice.topic(new byte[] {0x01, 'M', 'h', 'i', 0x00})).isEqualTo("hi\0");
    }

    // ---------------------------------------------------------------- subscription bytes

    @Test
    void shouldBuildTheSubscriptionAsIdPlusTopicWithoutNul()
    {
        assertThat(SubscriptionNotice.subscription(MessageType.RECORD, "hello"))
            .containsExactly(Hex.bytes("4d 'hello'"));
        assertThat(SubscriptionNotice.subscription(MessageType.CONSUMER_HELLO, STORE_READER))
            .containsExactly(Hex.bytes("57 '" + STORE_READER + "'"));
        assertThat(SubscriptionNotice.subscription(MessageType.RECORD, "")).containsExactly('M');
        assertThat(SubscriptionNotice.subscription(MessageType.HEAD, "é")).containsExactly(Hex.bytes("48 c3 a9"));
    }

    @Test
    void shouldBuildTheExactSubscriptionAsIdPlusTopicPlusNul()
    {
        assertThat(SubscriptionNotice.exactSubscription(MessageType.RECORD, "hello"))
            .containsExactly(Hex.bytes("4d 'hello' 00"));
        assertThat(SubscriptionNotice.exactSubscription(MessageType.HEAD, "hello"))
            .containsExactly(Hex.bytes("48 'hello' 00"));
        assertThat(SubscriptionNotice.exactSubscription(MessageType.RECORD, "")).containsExactly('M', 0x00);
    }

    @Test
    void shouldMatchASubscriberNoticeWithTheSubscriptionThatCausedIt()
    {
        // what a SUB socket subscribes to is what the XPUB reports after 0x01
        final byte[] subscription = SubscriptionNotice.subscription(MessageType.CONSUMER_HELLO, STORE_READER);
        final byte[] frame = new byte[1 + subscription.length];
        frame[0] = 0x01;
        System.arraycopy(subscription, 0, frame, 1, subscription.length);

        assertThat(SubscriptionNotice.isSubscribe(frame, MessageType.CONSUMER_HELLO)).isTrue();
        assertThat(SubscriptionNotice.topic(frame)).isEqualTo(STORE_READER);
    }

    @Test
    void shouldMakeTheExactSubscriptionABytePrefixOfTheRecordAndHeadOfThatTopic()
    {
        final byte[] record = new Record().set("hello", CONSUMER, "hello", 0, new byte[0]).encode();
        final byte[] head = new Head().set("hello", CONSUMER, "hello", 0).encode();

        assertThat(startsWith(record, SubscriptionNotice.exactSubscription(MessageType.RECORD, "hello"))).isTrue();
        assertThat(startsWith(head, SubscriptionNotice.exactSubscription(MessageType.HEAD, "hello"))).isTrue();
        assertThat(startsWith(Hex.bytes(GoldenFrames.RECORD_HEX),
            SubscriptionNotice.exactSubscription(MessageType.RECORD, "hello"))).isTrue();
        assertThat(startsWith(Hex.bytes(GoldenFrames.CAPTURED_HEAD_HEX),
            SubscriptionNotice.exactSubscription(MessageType.HEAD, "hello"))).isTrue();
    }

    @Test
    void shouldNotLetTheExactSubscriptionMatchALongerTopicUnlikeThePlainPrefixBugB2()
    {
        final byte[] hello2Record = new Record().set("hello2", CONSUMER, "hello2", 0, new byte[0]).encode();
        final byte[] hello2Head = new Head().set("hello2", CONSUMER, "hello2", 0).encode();

        // C's prefix subscription "Mhello" leaks hello2 ...
        assertThat(startsWith(hello2Record, SubscriptionNotice.subscription(MessageType.RECORD, "hello"))).isTrue();
        assertThat(startsWith(hello2Head, SubscriptionNotice.subscription(MessageType.HEAD, "hello"))).isTrue();
        // ... the exact form "Mhello\0" does not
        assertThat(startsWith(hello2Record, SubscriptionNotice.exactSubscription(MessageType.RECORD, "hello")))
            .isFalse();
        assertThat(startsWith(hello2Head, SubscriptionNotice.exactSubscription(MessageType.HEAD, "hello")))
            .isFalse();
    }

    @Test
    void shouldNotLetTheExactSubscriptionMatchAnotherTypeOrAShorterTopic()
    {
        final byte[] exact = SubscriptionNotice.exactSubscription(MessageType.RECORD, "hello");

        assertThat(startsWith(new Head().set("hello", CONSUMER, "hello", 0).encode(), exact)).isFalse();
        assertThat(startsWith(new Record().set("hell", CONSUMER, "hell", 0, new byte[0]).encode(), exact)).isFalse();
    }

    @Test
    void shouldLetTheEmptyTopicSubscriptionMatchEveryTopicOfItsType()
    {
        final byte[] all = SubscriptionNotice.subscription(MessageType.RECORD, "");

        assertThat(startsWith(new Record().set("hello", CONSUMER, "hello", 0, new byte[0]).encode(), all)).isTrue();
        assertThat(startsWith(new Record().set("", CONSUMER, "", 0, new byte[0]).encode(), all)).isTrue();
        assertThat(startsWith(new Head().set("hello", CONSUMER, "hello", 0).encode(), all)).isFalse();
    }
}
