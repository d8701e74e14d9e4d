package io.dafka.store;

import static io.dafka.store.StoreFixture.bytes;
import static io.dafka.store.StoreFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reader's queue of FETCH answers. */
@Timeout(30)
class FetchAnswersTest
{
    private final InMemoryRecordStore store = new InMemoryRecordStore();
    private final List<String> sent = new ArrayList<>();
    private final FetchAnswers answers = new FetchAnswers(store,
        (requester, subject, partition, sequence, content) ->
            sent.add(requester + ":" + partition + ":" + sequence + "=" + text(content)), 2);

    FetchAnswersTest()
    {
        for (int sequence = 0; sequence < 10; sequence++)
        {
            store.append("hello", "P", sequence, bytes("p" + sequence));
            store.append("hello", "Q", sequence, bytes("q" + sequence));
        }
    }

    @Test
    void shouldSendAtMostTheRequestedCountFromTheRequestedSequence()
    {
        answers.add("C", "hello", "P", 3, 2);

        assertThat(answers.serve(100)).isEqualTo(2);
        assertThat(sent).containsExactly("C:P:3=p3", "C:P:4=p4");
        assertThat(answers.pendingCount()).isZero();
    }

    @Test
    void shouldStopAtTheHead()
    {
        answers.add("C", "hello", "P", 8, 100_000);

        assertThat(answers.serve(100)).isEqualTo(2);
        assertThat(sent).containsExactly("C:P:8=p8", "C:P:9=p9");
        assertThat(answers.pendingCount()).isZero();
    }

    @Test
    void shouldSendNothingWhenTheFirstSequenceIsMissing()
    {
        answers.add("C", "hello", "P", 10, 5);
        answers.add("C", "hello", "R", 0, 5);
        answers.add("C", "hello", "P", 0, 0);

        assertThat(answers.serve(100)).isZero();
        assertThat(sent).isEmpty();
        assertThat(answers.pendingCount()).isZero();
    }

    @Test
    void shouldServeInBoundedChunksTakingTurns()
    {
        answers.add("C", "hello", "P", 0, 10);
        answers.add("D", "hello", "Q", 0, 10);

        assertThat(answers.serve(3)).isEqualTo(3);
        assertThat(sent).containsExactly("C:P:0=p0", "C:P:1=p1", "C:P:2=p2");
        sent.clear();
        assertThat(answers.serve(4)).isEqualTo(4);
        assertThat(sent).containsExactly("D:Q:0=q0", "D:Q:1=q1", "D:Q:2=q2", "D:Q:3=q3");
        sent.clear();
        assertThat(answers.serve(100)).isEqualTo(13);
        assertThat(sent).hasSize(13).startsWith("C:P:3=p3").endsWith("D:Q:9=q9");
        assertThat(answers.pendingCount()).isZero();
    }

    @Test
    void shouldDropRequestsBeyondItsCapacity()
    {
        assertThat(answers.add("C", "hello", "P", 0, 1)).isTrue();
        assertThat(answers.add("C", "hello", "P", 1, 1)).isTrue();
        assertThat(answers.add("C", "hello", "P", 2, 1)).isFalse();

        assertThat(answers.serve(100)).isEqualTo(2);
        assertThat(answers.add("C", "hello", "P", 2, 1)).isTrue();
    }

    @Test
    void shouldStartAtTheFirstRecordHeldWhenTheRequestedOnesAreGone()
    {
        store.adopt("hello", "R", 40, bytes("r40"));
        store.append("hello", "R", 41, bytes("r41"));
        store.append("hello", "R", 42, bytes("r42"));
        answers.add("C", "hello", "R", 0, 2);

        assertThat(answers.serve(100)).isEqualTo(2);
        assertThat(sent).containsExactly("C:R:40=r40", "C:R:41=r41");
    }
}
