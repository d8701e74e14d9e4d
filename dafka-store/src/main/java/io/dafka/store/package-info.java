/**
 * The Dafka store: a {@link io.dafka.store.StoreNode} runs a store writer, which stores every partition
 * gap-free from sequence 0 and ACKs it, and a store reader, which answers FETCH, GET-HEADS and CONSUMER-HELLO
 * from a {@link io.dafka.store.RecordStore}: {@link io.dafka.store.InMemoryRecordStore} (tests, demos) or
 * {@link io.dafka.store.durable.DurableRecordStore} (on disk). Wire-compatible with the C store (PROTOCOL.md
 * §3.6-§3.7), without its bugs: exact topic matching in head scans (B3), at most {@code count} records per FETCH
 * answer (B5), malformed input dropped and counted (B6), a bounded send HWM on the writer (B7). Java only, wire
 * unchanged: a FETCH below the first record still held is answered from that record (C answers nothing), and
 * with {@code store.adopt} a store adopts a partition it joined mid-stream (PROTOCOL.md W4).
 */
package io.dafka.store;
