package io.dafka.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dafka.codec.Ack;
import io.dafka.codec.Fetch;
import io.dafka.codec.Head;
import io.dafka.codec.PartitionMessage;
import io.dafka.codec.Record;

/**
 * The benchmarks measure the real work: each encode benchmark writes, op after op, the very frames its decode
 * benchmark receives, and those decode (never a drop) to the partition and sequence they were sent for.
 */
class CodecBenchmarksTest
{
    private static final int ROUNDS = 2;

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 4})
    void shouldEncodeTheRecordFramesTheDecodeBenchmarkReceives(final int partitions)
    {
        final RecordCodecBenchmark benchmark = record(100, partitions);

        assertEncodesTheReceivedFrames(benchmark::encode, benchmark.headers);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 4})
    void shouldDecodeEveryRecordToItsPartitionSequenceAndContent(final int partitions)
    {
        final RecordCodecBenchmark benchmark = record(1024, partitions);

        for (int n = 0; n < ROUNDS * Partitions.FRAMES; n++)
        {
            final Record record = benchmark.decode();
            assertSentFor(record, n, partitions);
            assertThat(record.subject()).isEqualTo(record.topic());
            assertThat(record.content()).hasSize(1024);
        }
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 4})
    void shouldEncodeTheControlFramesTheDecodeBenchmarksReceive(final int partitions)
    {
        final ControlCodecBenchmark benchmark = control(partitions);
        assertEncodesTheReceivedFrames(benchmark::encodeAck, benchmark.acks);
        benchmark.setUp();
        assertEncodesTheReceivedFrames(benchmark::encodeHead, benchmark.heads);
        benchmark.setUp();
        assertEncodesTheReceivedFrames(benchmark::encodeFetch, benchmark.fetches);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 4})
    void shouldDecodeEveryControlMessageToItsPartitionAndSequence(final int partitions)
    {
        final ControlCodecBenchmark benchmark = control(partitions);
        for (int n = 0; n < ROUNDS * Partitions.FRAMES; n += 3)
        {
            final Ack ack = (Ack)benchmark.decodeAck();
            assertThat(ack.topic()).hasSize(32);
            assertThat(ack.subject()).isEqualTo("topic-" + n % partitions);
            assertThat(ack.sequence()).isEqualTo(n % Partitions.FRAMES);

            final Head head = (Head)benchmark.decodeHead();
            assertSentFor(head, n + 1, partitions);

            final Fetch fetch = (Fetch)benchmark.decodeFetch();
            assertThat(fetch.subject()).isEqualTo("topic-" + (n + 2) % partitions);
            assertThat(fetch.sequence()).isEqualTo((n + 2) % Partitions.FRAMES);
            assertThat(fetch.count()).isEqualTo(ControlCodecBenchmark.FETCH_COUNT);
        }
    }

    private static RecordCodecBenchmark record(final int payload, final int partitions)
    {
        final RecordCodecBenchmark benchmark = new RecordCodecBenchmark();
        benchmark.payload = payload;
        benchmark.partitions = partitions;
        benchmark.setUp();
        return benchmark;
    }

    private static ControlCodecBenchmark control(final int partitions)
    {
        final ControlCodecBenchmark benchmark = new ControlCodecBenchmark();
        benchmark.partitions = partitions;
        benchmark.setUp();
        return benchmark;
    }

    private static void assertEncodesTheReceivedFrames(final Supplier<byte[]> encode, final byte[][] received)
    {
        for (int n = 0; n < Partitions.FRAMES; n++)
        {
            assertThat(encode.get()).as("frame %d", n).isEqualTo(received[n]);
        }
    }

    private static void assertSentFor(final PartitionMessage message, final int n, final int partitions)
    {
        assertThat(message.topic()).isEqualTo("topic-" + n % partitions);
        assertThat(message.address()).hasSize(32);
        assertThat(message.sequence()).isEqualTo(n % Partitions.FRAMES);
    }
}
