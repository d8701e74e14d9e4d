package io.dafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DeliveryQueueTest
{
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(60);

    private static ConsumedRecord record(final String partition, final long sequence)
    {
        return new ConsumedRecord("t", partition, sequence, new byte[] {(byte)sequence});
    }

    private static ArrayDeque<ConsumedRecord> backlog(final ConsumedRecord... records)
    {
        return new ArrayDeque<>(List.of(records));
    }

    private static List<String> drained(final DeliveryQueue queue, final int max) throws InterruptedException
    {
        final List<ConsumedRecord> into = new ArrayList<>();
        queue.drainTo(into, max, 0);
        return into.stream().map(each -> each.partition() + each.sequence()).toList();
    }

    @Test
    void shouldMoveOnlyWhatFitsAndDrainInTheOrderAppended() throws InterruptedException
    {
        final DeliveryQueue queue = new DeliveryQueue(3);
        final ArrayDeque<ConsumedRecord> backlog = backlog(record("A", 0), record("B", 0), record("A", 1),
            record("A", 2));

        assertThat(queue.appendFrom(backlog)).isEqualTo(3);

        assertThat(backlog).extracting(ConsumedRecord::sequence).containsExactly(2L);
        assertThat(drained(queue, 2)).containsExactly("A0", "B0");
        assertThat(queue.appendFrom(backlog)).isEqualTo(1); // wraps around the end of the ring
        assertThat(drained(queue, 10)).containsExactly("A1", "A2");
        assertThat(queue.size()).isZero();
    }

    @Test
    void shouldTakeBackOnePartitionKeepingTheOthersInOrder() throws InterruptedException
    {
        final DeliveryQueue queue = new DeliveryQueue(4);
        queue.appendFrom(backlog(record("A", 0), record("B", 7)));
        drained(queue, 1); // the ring now starts past its first slot
        queue.appendFrom(backlog(record("A", 1), record("B", 8), record("A", 2)));

        assertThat(queue.lowest("t", "B")).isEqualTo(7);
        assertThat(queue.removePartition("t", "B")).isEqualTo(7);

        assertThat(queue.lowest("t", "B")).isEqualTo(-1);
        assertThat(queue.removePartition("t", "B")).isEqualTo(-1);
        assertThat(drained(queue, 10)).containsExactly("A1", "A2");
    }

    @Test
    void shouldEndAWaitingDrainWhenRecordsArrive()
    {
        final DeliveryQueue queue = new DeliveryQueue(4);
        final List<ConsumedRecord> into = new ArrayList<>();
        final CompletableFuture<Integer> drain = CompletableFuture.supplyAsync(() -> drainWaiting(queue, into));

        await().atMost(Duration.ofSeconds(30)).until(() -> queue.appendFrom(backlog(record("A", 0))) == 1);

        assertThat(drain.join()).isEqualTo(1);
        assertThat(into).extracting(ConsumedRecord::sequence).containsExactly(0L);
    }

    @Test
    void shouldEndAWaitingDrainOnWakeUpWithNothing()
    {
        final DeliveryQueue queue = new DeliveryQueue(4);
        final CompletableFuture<Integer> drain = CompletableFuture.supplyAsync(
            () -> drainWaiting(queue, new ArrayList<>()));

        queue.wakeUp(); // before or while the drain waits: either way it returns at once

        assertThat(drain.orTimeout(30, TimeUnit.SECONDS).join()).isZero();
    }

    @Test
    void shouldReturnNothingOnAWakeUpEvenWithRecordsQueuedAndKeepThemForTheNextDrain() throws InterruptedException
    {
        final DeliveryQueue queue = new DeliveryQueue(4);
        queue.appendFrom(backlog(record("A", 0)));
        queue.wakeUp();

        assertThat(queue.poll(LONG_WAIT)).isNull();
        assertThat(queue.poll(0)).extracting(ConsumedRecord::sequence).isEqualTo(0L);
    }

    @Test
    void shouldLetOneWakeUpEndOnlyTheNextDrain() throws InterruptedException
    {
        final DeliveryQueue queue = new DeliveryQueue(4);
        queue.wakeUp();

        assertThat(queue.poll(LONG_WAIT)).isNull();
        queue.appendFrom(backlog(record("A", 0)));
        assertThat(queue.poll(0)).extracting(ConsumedRecord::sequence).isEqualTo(0L);
        final long start = System.nanoTime();
        assertThat(queue.poll(TimeUnit.MILLISECONDS.toNanos(50))).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private static int drainWaiting(final DeliveryQueue queue, final List<ConsumedRecord> into)
    {
        try
        {
            return queue.drainTo(into, 10, LONG_WAIT);
        }
        catch (final InterruptedException e)
        {
            throw new IllegalStateException(e);
        }
    }
}
