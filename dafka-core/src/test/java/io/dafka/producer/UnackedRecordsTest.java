package io.dafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 6-12 of docs/protocol.md#behaviour-scenarios: the producer's buffer of unacknowledged records. A
 * FETCH(from, count) is answered as the producer does: for each sequence from {@code from} while {@code count}
 * lasts and the sequence is still buffered. Every content is 8 bytes encoding its own sequence, so a record served
 * for the wrong sequence (C's bug, docs/protocol.md#unacknowledged-records-by-sequence) is caught.
 */
@Timeout(60)
class UnackedRecordsTest
{
    private final UnackedRecords<Object> records = new UnackedRecords<>();
    private long nextSequence;

    @Test
    void shouldFollowTheSequenceLevelContractOfTheCSelftest()
    {
        // Scenario 6: after 1 000 000 pushes the buffer is not empty.
        push(1_000_000);
        assertThat(records.isEmpty()).isFalse();
        assertThat(records.size()).isEqualTo(1_000_000);
        assertThat(records.firstSequence()).isZero();

        // Scenario 7: FETCH(0, 2) yields 0 and 1 with their original contents.
        assertThat(fetch(0, 2)).containsExactly(0L, 1L);

        // Scenario 8: after ACK(100000).
        acknowledge(100_000);
        assertThat(records.isEmpty()).isFalse();
        assertThat(fetch(0, 2)).isEmpty();
        assertThat(fetch(100_001, 2)).containsExactly(100_001L, 100_002L);
        assertThat(fetch(999_999, 2)).containsExactly(999_999L);

        // Scenario 9: successive ACKs leave it non-empty and move "last acked".
        for (final long ack : new long[] {200_000, 304_000, 400_073, 586_321})
        {
            acknowledge(ack);
            assertThat(records.isEmpty()).as("after ACK(%d)", ack).isFalse();
            assertThat(records.lastAcked()).isEqualTo(ack);
            assertThat(records.firstSequence()).isEqualTo(ack + 1);
            assertThat(records.size()).isEqualTo(1_000_000 - (ack + 1));
        }

        // Scenario 10: 100 000 more (the ring wraps around), ACK(874321) keeps records, ACK(1099999) empties.
        push(100_000);
        acknowledge(874_321);
        assertThat(records.isEmpty()).isFalse();
        assertThat(fetch(874_322, 1)).containsExactly(874_322L);
        assertThat(fetch(1_099_998, 5)).containsExactly(1_099_998L, 1_099_999L);
        acknowledge(1_099_999);
        assertThat(records.isEmpty()).isTrue();
        assertThat(records.size()).isZero();
        assertThat(records.lastAcked()).isEqualTo(1_099_999);
        assertThat(records.firstSequence()).isEqualTo(-1);

        // Scenario 11: 100 000 more, FETCH(1100000, 100000) yields exactly those, in order.
        push(100_000);
        final List<Long> answered = fetch(1_100_000, 100_000);
        assertThat(answered).hasSize(100_000);
        for (int i = 0; i < answered.size(); i++)
        {
            assertThat(answered.get(i)).isEqualTo(1_100_000L + i);
        }
        acknowledge(1_199_999);
        assertThat(records.isEmpty()).isTrue();
        acknowledge(2_000_000);
        assertThat(records.isEmpty()).isTrue();
        assertThat(fetch(1_199_999, 1)).isEmpty();
    }

    @Test
    void shouldServeTheRequestedSequenceAfterAPartialAck()
    {
        // Scenario 12 (C bug, docs/protocol.md#unacknowledged-records-by-sequence): C returned records 0, 95 and 4
        // here.
        push(300);
        acknowledge(4);
        assertThat(fetch(5, 1)).containsExactly(5L);
        assertThat(fetch(100, 1)).containsExactly(100L);
        assertThat(fetch(260, 1)).containsExactly(260L);
        assertThat(fetch(0, 5)).isEmpty();
        assertThat(fetch(4, 1)).isEmpty();
    }

    @Test
    void shouldKeepContentsKeyedBySequenceWhenTheRingWrapsAndGrows()
    {
        push(1000);
        acknowledge(899);
        push(2000); // wraps around the 1024 slots with the head in the middle, then grows
        acknowledge(1500);
        push(3000);
        assertThat(records.firstSequence()).isEqualTo(1501);
        assertThat(records.size()).isEqualTo(6000 - 1501);
        final List<Long> answered = fetch(1501, 10_000);
        assertThat(answered).hasSize(6000 - 1501);
        for (int i = 0; i < answered.size(); i++)
        {
            assertThat(answered.get(i)).isEqualTo(1501L + i);
        }
    }

    @Test
    void shouldReleaseRecordsInSequenceOrderWithTheirAttachments()
    {
        final UnackedRecords<String> withListeners = new UnackedRecords<>();
        for (int sequence = 0; sequence < 5; sequence++)
        {
            withListeners.append(sequence, content(sequence), "listener-" + sequence);
        }
        final List<String> released = new ArrayList<>();
        assertThat(withListeners.acknowledge(2, (sequence, listener) -> released.add(sequence + "=" + listener)))
            .isEqualTo(3);
        assertThat(released).containsExactly("0=listener-0", "1=listener-1", "2=listener-2");
        assertThat(withListeners.acknowledge(1, (sequence, listener) -> released.add("again " + sequence)))
            .as("an older ACK releases nothing").isZero();
        assertThat(withListeners.lastAcked()).isEqualTo(2);
        assertThat(withListeners.bytes()).isEqualTo(2 * Long.BYTES);

        released.clear();
        assertThat(withListeners.releaseAll((sequence, listener) -> released.add(sequence + "=" + listener)))
            .isEqualTo(2);
        assertThat(released).containsExactly("3=listener-3", "4=listener-4");
        assertThat(withListeners.isEmpty()).isTrue();
        assertThat(withListeners.lastAcked()).as("releasing is not acknowledging").isEqualTo(2);
        assertThat(withListeners.bytes()).isZero();
    }

    @Test
    void shouldRefuseAppendsOutOfSequence()
    {
        push(3);
        assertThatThrownBy(() -> records.append(4, content(4), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> records.append(2, content(2), null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(records.size()).isEqualTo(3);
    }

    private void push(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            records.append(nextSequence, content(nextSequence), null);
            nextSequence++;
        }
    }

    private void acknowledge(final long sequence)
    {
        records.acknowledge(sequence, null);
    }

    /**
     * The sequences a producer would answer FETCH(from, count) with, checking that each served content is the
     * one pushed for that sequence.
     */
    private List<Long> fetch(final long from, final long count)
    {
        final List<Long> answered = new ArrayList<>();
        long remaining = count;
        for (long sequence = from; remaining > 0; sequence++, remaining--)
        {
            final byte[] content = records.content(sequence);
            if (content == null)
            {
                break;
            }
            assertThat(ByteBuffer.wrap(content).getLong()).as("content served for sequence %d", sequence)
                .isEqualTo(sequence);
            answered.add(sequence);
        }
        return answered;
    }

    private static byte[] content(final long sequence)
    {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }
}
