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

import io.dafka.codec.Ack;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.Fetch;
import io.dafka.codec.Head;
import io.dafka.codec.MessageDecoder;
import io.dafka.transport.Addresses;

/**
 * The messages without content: ACK (a store writer to a producer), HEAD (a producer to consumers) and FETCH (a
 * consumer to a producer), each encoded from the sender's reused instance and decoded as the receiver gets it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ControlCodecBenchmark
{
    /** Records a consumer asks for per FETCH. */
    static final long FETCH_COUNT = 100;

    @Param({"1", "4"})
    int partitions;

    private final Ack ack = new Ack();
    private final Head head = new Head();
    private final Fetch fetch = new Fetch();
    private final String consumer = Addresses.newAddress();
    private final MessageDecoder decoder = new MessageDecoder();
    private Partitions names;
    byte[][] acks;
    byte[][] heads;
    byte[][] fetches;
    private long sequence;

    @Setup
    public void setUp()
    {
        names = new Partitions(partitions);
        acks = Partitions.frames(this::ack);
        heads = Partitions.frames(this::head);
        fetches = Partitions.frames(this::fetch);
        sequence = 0;
    }

    @Benchmark
    public byte[] encodeAck()
    {
        return ack(sequence++).encode();
    }

    @Benchmark
    public DafkaMessage decodeAck()
    {
        return decoder.decode(Partitions.received(acks, sequence++));
    }

    @Benchmark
    public byte[] encodeHead()
    {
        return head(sequence++).encode();
    }

    @Benchmark
    public DafkaMessage decodeHead()
    {
        return decoder.decode(Partitions.received(heads, sequence++));
    }

    @Benchmark
    public byte[] encodeFetch()
    {
        return fetch(sequence++).encode();
    }

    @Benchmark
    public DafkaMessage decodeFetch()
    {
        return decoder.decode(Partitions.received(fetches, sequence++));
    }

    private Ack ack(final long sequence)
    {
        return ack.set(names.address(sequence), names.topic(sequence), sequence);
    }

    private Head head(final long sequence)
    {
        final String topic = names.topic(sequence);
        return head.set(topic, names.address(sequence), topic, sequence);
    }

    private Fetch fetch(final long sequence)
    {
        return fetch.set(names.address(sequence), consumer, names.topic(sequence), sequence, FETCH_COUNT);
    }
}
