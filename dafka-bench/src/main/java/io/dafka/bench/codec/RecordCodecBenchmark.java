package io.dafka.bench.codec;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.dafka.codec.MessageDecoder;
import io.dafka.codec.Record;

/**
 * RECORD as a producer publishes it (its one reused {@link Record} set and encoded per send; the content frame
 * goes out as is) and as a consumer or store writer receives it (the header frame decoded, then the content frame
 * taken as the record's payload).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class RecordCodecBenchmark
{
    @Param({"100", "1024"})
    int payload;

    @Param({"1", "4"})
    int partitions;

    private final Record record = new Record();
    private final MessageDecoder decoder = new MessageDecoder();
    private Partitions names;
    private byte[] content;
    byte[][] headers;
    private long sequence;

    @Setup
    public void setUp()
    {
        names = new Partitions(partitions);
        content = new byte[payload];
        headers = Partitions.frames(this::record);
        sequence = 0;
    }

    /** The header frame of the next record. */
    @Benchmark
    public byte[] encode()
    {
        return record(sequence++).encode();
    }

    /** The next received record, header decoded and content attached. */
    @Benchmark
    public Record decode()
    {
        final Record received = (Record)decoder.decode(Partitions.received(headers, sequence++));
        return received.content(content);
    }

    private Record record(final long sequence)
    {
        final String topic = names.topic(sequence);
        return record.set(topic, names.address(sequence), topic, sequence, content);
    }
}
