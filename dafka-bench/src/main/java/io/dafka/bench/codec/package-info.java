/**
 * JMH micro-benchmarks of the wire codec ({@code io.dafka.codec}) on the paths the peers use: a sender's reused
 * message encoded into the header frame {@link io.dafka.transport.MessageChannel#send} publishes, and header
 * frames decoded as {@link io.dafka.transport.MessageChannel#receive} does, round robin over the partitions a
 * peer hears from. Run with {@code org.openjdk.jmh.Main io.dafka.bench.codec -prof gc} (see docs/performance.md). The forks
 * pre-touch a fixed heap: otherwise the encode benchmarks, which allocate the frame, mostly measure the page
 * faults of a young generation touched for the first time, which a long-running peer does not pay.
 */
package io.dafka.bench.codec;
